/**
 * Class 6 of issue 8 with real sockets: clients trickling their bodies are cut off by
 * `body_read_timeout_secs` (408 in their protocol's shape) and never hold a concurrency slot, so
 * a legitimate request is served meanwhile. Class 7's other half: the gateway process obeys
 * SIGTERM while it estimates tokens for a huge prompt.
 */
import { capturedLog } from "../support/log_capture.ts";
import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { clientCall, securityConfig } from "./_gateway.ts";

const encoder = new TextEncoder();

function serveOnLoopback(handler: (r: Request) => Promise<Response>) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  return { port: server.addr.port, close: () => server.shutdown() };
}

/** A connection that sends its headers and one byte of a 200-byte body, then nothing. */
async function trickler(port: number, path: string): Promise<Deno.Conn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(encoder.encode(
    `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
      `content-length: 200\r\n\r\n{`,
  ));
  return conn;
}

/**
 * Reads until a whole JSON answer arrived, the peer closed, or `ms` passed. One read is pending at
 * a time: a read abandoned on a timeout would still take the bytes that arrive next.
 */
async function readAnswer(conn: Deno.Conn, ms: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const until = performance.now() + ms;
  let pending: Promise<Uint8Array | null> | undefined;
  while (performance.now() < until && !/\r\n\r\n[\s\S]*\}/.test(text)) {
    pending ??= (async () => {
      const buffer = new Uint8Array(4096);
      const n = await conn.read(buffer).catch(() => null);
      return n === null ? null : buffer.subarray(0, n);
    })();
    const chunk = await Promise.race([
      pending,
      new Promise<"late">((resolve) => setTimeout(() => resolve("late"), 100)),
    ]);
    if (chunk === "late") continue;
    pending = undefined;
    if (chunk === null) break;
    text += decoder.decode(chunk, { stream: true });
  }
  return text;
}

Deno.test("clients trickling bodies get 408 and never take a concurrency slot", async () => {
  const handler = createHandler({
    log: capturedLog().log,
    config: securityConfig(
      "http://p.test",
      "max_concurrent_requests = 2\nbody_read_timeout_secs = 0.5",
    ),
  });
  const server = serveOnLoopback(handler);
  const slow: Array<[Deno.Conn, string]> = [];
  try {
    for (const entry of ["openai", "anthropic", "gemini", "openai_responses", "openai"] as const) {
      slow.push([await trickler(server.port, clientCall(entry, "echo-m").path), entry]);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const call = clientCall("openai", "echo-m", "hello");
    const legit = await fetch(`http://127.0.0.1:${server.port}${call.path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(call.body),
    });
    assert.equal(legit.status, 200, "a legitimate request is served while five clients trickle");
    await legit.body?.cancel();
    for (const [conn, entry] of slow) {
      const answer = await readAnswer(conn, 5_000);
      assert.match(answer, /^HTTP\/1\.1 408/, `${entry}: ${answer.slice(0, 200)}`);
      assert.match(answer, /body_read_timeout_secs/, entry);
      if (entry === "gemini") assert.match(answer, /"status":"DEADLINE_EXCEEDED"/);
      if (entry === "anthropic") assert.match(answer, /"type":"error"/);
    }
  } finally {
    for (const [conn] of slow) {
      try {
        conn.close();
      } catch { /* closed by the server */ }
    }
    await server.close();
  }
});

Deno.test("SIGTERM ends the gateway while it estimates tokens for a 900 KB prompt", async () => {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../main.ts", import.meta.url).pathname,
      "serve",
      "--listen",
      `127.0.0.1:${port}`,
    ],
    stdout: "null",
    stderr: "null",
    env: { NO_COLOR: "1", OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "", GEMINI_API_KEY: "" },
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  let up = false;
  for (let i = 0; i < 200 && !up; i++) {
    up = await fetch(`${base}/healthz`).then((r) => (r.body?.cancel(), r.ok), () => false);
    if (!up) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(up, "the gateway started");
  const call = clientCall("openai", "any-model", "w".repeat(900_000));
  const pending = fetch(`${base}${call.path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(call.body),
  }).then((r) => r.text(), () => "");
  await new Promise((resolve) => setTimeout(resolve, 150));
  const signalled = performance.now();
  child.kill("SIGTERM");
  const status = await Promise.race([
    child.status,
    new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 20_000)),
  ]);
  if (status === "hung") child.kill("SIGKILL");
  await pending;
  assert.notEqual(status, "hung", "SIGTERM was obeyed");
  assert.ok(performance.now() - signalled < 20_000);
});
