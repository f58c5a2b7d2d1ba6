/**
 * The benchmark's processes: ferryllm commands and the floor proxy as children, optionally
 * pinned to cores with `taskset` (servers on core 0; load generator and mock on core 1), and
 * what /proc says about them (CPU seconds, resident memory).
 *
 * @module
 */
import { BINARY_BUILD_FLAGS } from "../../scripts/build_steps.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const FLOOR = new URL("./floor_proxy.ts", import.meta.url).pathname;

/** The V8 flags `deno task start` runs the gateway with, so the gateway measured is that one. */
export const START_V8_FLAGS: string[] = (() => {
  const config = JSON.parse(Deno.readTextFileSync(new URL("../../deno.json", import.meta.url)));
  return String(config.tasks.start).split(/\s+/).filter((word) => word.startsWith("--v8-flags="));
})();

/**
 * Pinning isolates the servers on a machine of one's own; on a shared one, a pinned server waits
 * for its core behind other work, which shows as latency, so it is opt-in (`--pin`).
 */
const pin = Deno.args.includes("--pin") && (() => {
  try {
    return new Deno.Command("taskset", { args: ["-V"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

/** Cores: 0 for the server measured, 1 for the load generator and the mock. */
export type Core = 0 | 1;

function command(core: Core, args: string[], stdout: "piped" | "null"): Deno.Command {
  const deno = [Deno.execPath(), "run", "-A", ...args];
  const argv = pin ? ["taskset", "-c", String(core), ...deno] : deno;
  return new Deno.Command(argv[0], { args: argv.slice(1), stdout, stderr: "inherit" });
}

export interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A child that prints `listening on URL` (mock-upstream, the floor). */
export async function startListening(core: Core, args: string[]): Promise<Server> {
  const child = command(core, args, "piped").spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${args.join(" ")} ended before listening`);
    seen += value;
    const match = /listening on (http:\/\/\S+)/.exec(seen);
    if (match) {
      (async () => {
        while (!(await reader.read()).done) { /* drain */ }
      })();
      return { url: match[1], pid: child.pid, stop: () => stop(child) };
    }
  }
}

export function startMock(flags: string[]): Promise<Server> {
  return startListening(1, [MAIN, "mock-upstream", ...flags]);
}

export function startFloor(upstream: string): Promise<Server> {
  return startListening(0, [FLOOR, upstream]);
}

/**
 * `ferryllm serve` (with `binary`, the compiled executable instead of `deno run main.ts`), and
 * the milliseconds from spawn to the first 200 on /readyz.
 */
export async function startGateway(
  configPath: string,
  binary?: string,
): Promise<Server & { readyMs: number }> {
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const serveArgs = ["serve", "--config", configPath, "--listen", `127.0.0.1:${port}`];
  const started = performance.now();
  const child = binary
    ? new Deno.Command(binary, { args: serveArgs, stdout: "null", stderr: "inherit" }).spawn()
    : command(0, [...START_V8_FLAGS, MAIN, ...serveArgs], "null").spawn();
  for (let i = 0; i < 2000; i++) {
    try {
      const res = await fetch(`${url}/readyz`);
      await res.body?.cancel();
      if (res.ok) {
        const readyMs = performance.now() - started;
        return { url, pid: child.pid, readyMs, stop: () => stop(child) };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await stop(child);
  throw new Error("gateway did not become ready in time");
}

/** Runs `ferryllm loadtest ... --json` on the load core and returns its object. */
export async function loadtest(args: string[]): Promise<LoadJson> {
  const out = await command(1, [MAIN, "loadtest", ...args, "--json"], "piped").output();
  const text = new TextDecoder().decode(out.stdout);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`loadtest ${args.join(" ")} printed no JSON: ${text}`);
  }
}

export interface LoadJson {
  requests: number;
  ok: number;
  errors: number;
  rps: number;
  latency_ms: Record<"p50" | "p90" | "p99" | "p999" | "max", number>;
  ttfb_ms: Record<"p50" | "p90" | "p99" | "p999" | "max", number>;
  errors_by_kind: Record<string, number>;
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory now, in MB. (A `taskset` wrapper execs, so the pid is the server's.) */
export function rssMb(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * The single binary built as the release builds it (`BINARY_BUILD_FLAGS`), or undefined where
 * Bun is missing.
 */
export async function compiledBinary(dir: string): Promise<string | undefined> {
  const outfile = `${dir}/ferryllm`;
  try {
    const out = await new Deno.Command("bun", {
      args: ["build", ...BINARY_BUILD_FLAGS, MAIN, "--outfile", outfile],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success ? outfile : undefined;
  } catch {
    return undefined;
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function stop(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch {
    // already gone
  }
  await child.status;
}
