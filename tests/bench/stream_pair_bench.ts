/**
 * A quick look at the stream path alone: gateway CPU per 10k streams for OpenAI → OpenAI (the
 * same-protocol fast path) and Anthropic → OpenAI (translated), measured interleaved in one run
 * against one `ferryllm mock-upstream --chunks 50`, with the ratio between them. Minutes instead
 * of `deno task bench`'s eight; a script that prints figures, not a timed test.
 *
 *   deno run -A tests/bench/stream_pair_bench.ts [--seconds 3] [--repeat 3] [--concurrency 64]
 *     [--against /path/to/other/main.ts]
 *
 * `--against` also runs a second gateway from another checkout's main.ts (e.g. the code before a
 * change), interleaved with this one, so before and after are compared in the same run.
 */
import { parseArgs } from "node:util";
import { cpuSeconds, loadtest, type Server, startMock } from "./bench_processes.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "3" },
    repeat: { type: "string", default: "3" },
    concurrency: { type: "string", default: "64" },
    against: { type: "string" },
  },
});
const SECONDS = Number(values.seconds);
const REPEAT = Math.max(1, Number(values.repeat));
const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** `serve` from `main`, on a free port, once /readyz answers. */
async function startGatewayFrom(main: string, configPath: string): Promise<Server> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const url = `http://127.0.0.1:${port}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, "serve", "--config", configPath, "--listen", `127.0.0.1:${port}`],
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
  };
  for (let i = 0; i < 1000; i++) {
    try {
      const res = await fetch(`${url}/readyz`);
      await res.body?.cancel();
      if (res.ok) return { url, pid: child.pid, stop };
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await stop();
  throw new Error(`${main} did not become ready`);
}

async function cpuPer10k(server: Server, protocol: string, seconds: number): Promise<number> {
  const before = cpuSeconds(server.pid);
  const result = await loadtest([
    "--url",
    server.url,
    "--protocol",
    protocol,
    "--stream",
    "--concurrency",
    values.concurrency!,
    "--duration",
    String(seconds),
  ]);
  if (result.errors > 0) throw new Error(`${protocol}: ${result.errors} errors`);
  return ((cpuSeconds(server.pid) - before) / Math.max(1, result.requests)) * 10_000;
}

const mock = await startMock(["--listen", "127.0.0.1:0", "--chunks", "50"]);
const dir = await Deno.makeTempDir();
const configPath = `${dir}/ferryllm.toml`;
await Deno.writeTextFile(
  configPath,
  `[logging]\nlevel = "warn"\n[[providers]]\nname = "fast"\ntype = "openai"\n` +
    `base_url = "${mock.url}/v1"\napi_key = "bench"\n[[routes]]\nmatch = "*"\nprovider = "fast"\n`,
);
const gateways: Record<string, Server> = {};
try {
  gateways.this = await startGatewayFrom(MAIN, configPath);
  if (values.against) gateways.against = await startGatewayFrom(values.against, configPath);
  const best: Record<string, number> = {};
  const protocols = ["openai-chat", "anthropic"];
  for (const server of Object.values(gateways)) {
    for (const protocol of protocols) await cpuPer10k(server, protocol, 1); // warm-up
  }
  for (let r = 0; r < REPEAT; r++) {
    for (const [name, server] of Object.entries(gateways)) {
      for (const protocol of protocols) {
        const key = `${name} ${protocol}`;
        best[key] = Math.min(best[key] ?? Infinity, await cpuPer10k(server, protocol, SECONDS));
      }
    }
  }
  for (const name of Object.keys(gateways)) {
    const same = best[`${name} openai-chat`];
    const translated = best[`${name} anthropic`];
    console.log(
      `${name}: CPU s per 10k streams: OpenAI→OpenAI ${same.toFixed(2)}, ` +
        `Anthropic→OpenAI ${translated.toFixed(2)}, ratio ${(translated / same).toFixed(2)}×`,
    );
  }
} finally {
  for (const server of Object.values(gateways)) await server.stop();
  await mock.stop();
  await Deno.remove(dir, { recursive: true });
}
