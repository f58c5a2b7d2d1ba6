/**
 * Child processes for the delivery tests: build tools that must succeed, and a `serve` process
 * whose URL is read from its "listening on http://…" line (it binds port 0, so runs never race
 * for a port).
 *
 * @module
 */
import { tail } from "./clients.ts";

/** Environment for children: no provider keys (so the zero-config default is the echo provider). */
/**
 * The child's environment: a clean one, except where tools live and how this machine reaches the
 * network. Without the trust store and proxy variables a build step that downloads (`deno bundle`
 * fetching esbuild) fails TLS verification behind an intercepting proxy, while the parent works.
 */
function childEnv(): Record<string, string> {
  const keep = [
    "PATH",
    "HOME",
    "DENO_DIR",
    "XDG_CACHE_HOME",
    "BUN_INSTALL",
    "TMPDIR",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "DENO_CERT",
    "DENO_TLS_CA_STORE",
    "NODE_EXTRA_CA_CERTS",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
  ];
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of keep) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Runs a build step to completion; throws with its output when it fails. Returns the output. */
export async function runTool(command: string, args: string[], cwd: string): Promise<string> {
  const started = performance.now();
  const output = await new Deno.Command(command, {
    args,
    cwd,
    env: childEnv(),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${command} ${args[0]}: ${seconds} s, exit ${output.code}`);
  if (output.code !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${output.code}\n${tail(text, 40)}`);
  }
  return text;
}

export interface ServeProcess {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts `command args` in an empty temporary directory (so no ./ferryllm.toml is picked up)
 * and waits up to `timeoutMs` for its listening line.
 */
export async function startServe(
  command: string,
  args: string[],
  timeoutMs = 60_000,
): Promise<ServeProcess> {
  const cwd = await Deno.makeTempDir({ prefix: "ferryllm-e2e-serve-" });
  const child = new Deno.Command(command, {
    args,
    cwd,
    env: childEnv(),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  let seen = "";
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  let url: string | undefined;
  while (url === undefined) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
    url = /listening on (http:\/\/[^\s]+)\s/.exec(seen)?.[1];
  }
  clearTimeout(timer);
  // Keep draining stdout so a chatty server never blocks on a full pipe.
  const drained = (async () => {
    while (!(await reader.read()).done) { /* discard */ }
  })();
  const close = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already exited
    }
    await child.status;
    await drained;
    await stderr;
    await Deno.remove(cwd, { recursive: true });
  };
  if (url === undefined) {
    await close();
    const status = await child.status;
    throw new Error(
      `${command} ${args.join(" ")} never printed its listening line (exit ${status.code})\n` +
        `stdout:\n${seen}\nstderr:\n${tail(await stderr, 40)}`,
    );
  }
  return { url, close };
}
