/**
 * A real `ferryllm serve` child process for the dashboard and tracing tests: its own config
 * file, extra environment (the admin key, OTEL variables), port 0, and the URL read from its
 * "listening on" line.
 *
 * @module
 */

export interface GatewayProcess {
  url: string;
  configPath: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  close(): Promise<void>;
}

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

export async function startGatewayProcess(
  configToml: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<GatewayProcess> {
  const dir = await Deno.makeTempDir({ prefix: "ferryllm-dashboard-" });
  const configPath = `${dir}/ferryllm.toml`;
  await Deno.writeTextFile(configPath, configToml);
  const keep = ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"];
  const childEnv: Record<string, string> = { NO_COLOR: "1", ...env };
  for (const name of keep) {
    const value = Deno.env.get(name);
    if (value !== undefined) childEnv[name] = value;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", MAIN, "serve", "--config", configPath, "--listen", "127.0.0.1:0"],
    cwd: dir,
    env: childEnv,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let seen = "";
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) seen += text;
  };
  const pumped = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (url === undefined && Date.now() < deadline) {
    url = /listening on (http:\/\/[^\s]+)\s/.exec(seen)?.[1];
    if (url === undefined) await new Promise((r) => setTimeout(r, 50));
  }
  const close = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already exited
    }
    await child.status;
    await pumped;
    await Deno.remove(dir, { recursive: true });
  };
  if (url === undefined) {
    await close();
    throw new Error(`the gateway never printed its listening line:\n${seen}`);
  }
  return { url, configPath, output: () => seen, close };
}
