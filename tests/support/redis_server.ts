/**
 * A real `redis-server` for tests: started on a free loopback port with no persistence, stopped
 * (and restartable on the same port, for the outage tests) by the test that started it.
 * CI installs redis-server from Debian; any machine with it on PATH runs these tests.
 *
 * @module
 */
import { createServer } from "node:net";

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, then waits for it to exit). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: Deno.ChildProcess | undefined;
  const start = async () => {
    try {
      child = new Deno.Command("redis-server", {
        args: [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--save",
          "",
          "--appendonly",
          "no",
          "--protected-mode",
          "yes",
        ],
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    } catch (error) {
      throw new Error(
        `these tests need redis-server on PATH (Debian: apt-get install redis-server): ${error}`,
      );
    }
    await waitForLine(child, /Ready to accept connections/, 10_000);
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop: async () => {
      if (!child) return;
      const running = child;
      child = undefined;
      try {
        running.kill("SIGTERM");
      } catch { /* already gone */ }
      await running.status;
    },
  };
}

/** Reads stdout until `pattern` shows, then keeps draining it so the server never blocks. */
async function waitForLine(child: Deno.ChildProcess, pattern: RegExp, timeoutMs: number) {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  child.stderr.cancel();
  let seen = "";
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  while (!pattern.test(seen)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`redis-server did not start:\n${seen.slice(-2000)}`);
    seen += value;
  }
  clearTimeout(timer);
  (async () => {
    while (!(await reader.read()).done) { /* discard */ }
  })().catch(() => {});
}
