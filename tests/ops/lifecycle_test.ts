/**
 * The gateway as a real process: graceful shutdown on SIGTERM and hot reload on a config edit.
 * A fake OpenAI upstream runs in this test process on loopback.
 */
import assert from "node:assert/strict";
import { chunkFrame, FINISH_FRAMES } from "./_support.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Answers non-streaming requests with "from upstream"; streams wait for `release()` midway. */
function fakeUpstream() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const body = await req.json();
    if (!body.stream) {
      return Response.json({
        id: "chatcmpl-1",
        object: "chat.completion",
        created: 1,
        model: body.model,
        choices: [{
          index: 0,
          message: { role: "assistant", content: "from upstream" },
          finish_reason: "stop",
        }],
        usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
      });
    }
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(chunkFrame("before the signal; ")));
        await released;
        controller.enqueue(encoder.encode(chunkFrame("after the signal")));
        controller.enqueue(encoder.encode(FINISH_FRAMES));
        controller.close();
      },
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream" } });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, release, close: () => server.shutdown() };
}

function configText(upstream: string, route: string): string {
  return `
[server]
graceful_shutdown_secs = 20

[[providers]]
name = "echo"
type = "echo"

[[providers]]
name = "up"
type = "openai"
base_url = "${upstream}"
api_key = "sk-test"

[[routes]]
match = "*"
provider = "${route}"
`;
}

/** Starts `main.ts serve` and collects its output. */
async function startGateway(configPath: string) {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "serve", "--config", configPath, "--listen", `127.0.0.1:${port}`],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  let output = "";
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) output += text;
  };
  const collecting = Promise.all([collect(child.stdout), collect(child.stderr)]);
  const base = `http://127.0.0.1:${port}`;
  await until(async () => {
    try {
      return (await fetch(`${base}/healthz`)).status === 200;
    } catch {
      return false;
    }
  }, () => output);
  return {
    base,
    child,
    output: () => output,
    async done() {
      const status = await child.status;
      await collecting;
      return status;
    },
  };
}

/** Polls a condition (no timing is asserted; the bound only stops a broken test hanging). */
async function until(check: () => Promise<boolean> | boolean, context: () => string) {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition never held; process output:\n${context()}`);
}

function ask(base: string, stream = false) {
  return fetch(`${base}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "any", stream, messages: [{ role: "user", content: "ping" }] }),
  });
}

Deno.test("SIGTERM lets an in-flight stream finish, then the process exits 0", async () => {
  const upstream = fakeUpstream();
  const dir = await Deno.makeTempDir();
  const path = `${dir}/ferryllm.toml`;
  await Deno.writeTextFile(path, configText(upstream.url, "up"));
  const gateway = await startGateway(path);
  try {
    const res = await ask(gateway.base, true);
    assert.equal(res.status, 200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("before the signal")) text += (await reader.read()).value;

    gateway.child.kill("SIGTERM");
    await until(() => gateway.output().includes("shutting down"), gateway.output);
    upstream.release();
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    assert.match(text, /after the signal/);
    assert.match(text, /data: \[DONE\]/);
    const status = await gateway.done();
    assert.equal(status.code, 0, gateway.output());
    assert.match(gateway.output(), /shutdown complete/);
  } finally {
    upstream.release();
    await upstream.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("editing the config file reroutes new requests; an invalid edit is refused", async () => {
  const upstream = fakeUpstream();
  const dir = await Deno.makeTempDir();
  const path = `${dir}/ferryllm.toml`;
  await Deno.writeTextFile(path, configText(upstream.url, "echo"));
  const gateway = await startGateway(path);
  const answer = async () => (await (await ask(gateway.base)).json()).choices[0].message.content;
  try {
    assert.equal(await answer(), "echo: ping");

    await Deno.writeTextFile(path, configText(upstream.url, "up"));
    await until(async () => (await answer()) === "from upstream", gateway.output);
    assert.match(gateway.output(), /config reloaded .*route prefix \* changed/);

    await Deno.writeTextFile(path, configText(upstream.url, "nowhere"));
    await until(() => gateway.output().includes("config reload refused"), gateway.output);
    assert.match(gateway.output(), /unknown provider \\?"nowhere\\?"/);
    assert.equal(await answer(), "from upstream");

    // SIGHUP reloads too (the file is valid again but unchanged since the last good load).
    await Deno.writeTextFile(path, configText(upstream.url, "echo"));
    gateway.child.kill("SIGHUP");
    await until(async () => (await answer()) === "echo: ping", gateway.output);
    await until(() => /config reloaded trigger=SIGHUP/.test(gateway.output()), gateway.output);
  } finally {
    gateway.child.kill("SIGTERM");
    await gateway.done();
    upstream.release();
    await upstream.close();
    await Deno.remove(dir, { recursive: true });
  }
});
