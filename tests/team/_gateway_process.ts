/**
 * A real `main.ts serve` child process for the team-gateway tests, with its own environment
 * (Redis URL, gateway keys, admin key). Its URL comes from its "listening on" line (it binds
 * port 0); it can be stopped gracefully or SIGKILLed like a crashed replica.
 *
 * @module
 */
const MAIN = new URL("../../main.ts", import.meta.url).pathname;

export interface GatewayProcess {
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** True while the process runs. */
  alive(): boolean;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startGateway(
  configPath: string,
  env: Record<string, string>,
): Promise<GatewayProcess> {
  const keep = ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"];
  const childEnv: Record<string, string> = { NO_COLOR: "1", ...env };
  for (const name of keep) {
    const value = Deno.env.get(name);
    if (value !== undefined) childEnv[name] = value;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--no-check",
      MAIN,
      "serve",
      "--config",
      configPath,
      "--listen",
      "127.0.0.1:0",
    ],
    env: childEnv,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let seen = "";
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) seen += text;
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]).catch(() => {});
  const started = Date.now();
  let url: string | undefined;
  while (url === undefined && !exited && Date.now() - started < 60_000) {
    url = /listening on (http:\/\/[^\s]+)/.exec(seen)?.[1];
    if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const end = async (signal: Deno.Signal) => {
    if (!exited) {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
    }
    await status;
    await drained;
  };
  if (url === undefined) {
    await end("SIGKILL");
    throw new Error(`gateway never printed its listening line:\n${seen.slice(-3000)}`);
  }
  return {
    url,
    output: () => seen,
    alive: () => !exited,
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  };
}
