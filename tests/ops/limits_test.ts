import assert from "node:assert/strict";
import { createHandler, type HandlerOptions } from "../../lib/server/handler.ts";
import { retryAfterSeconds } from "../../lib/server/middleware/rate_limit.ts";
import {
  BASE_PROVIDERS,
  chatJson,
  chatRequest,
  chunkFrame,
  config,
  controlledStream,
  FakeClock,
  parseExposition,
  post,
  scriptedFetch,
  valueOf,
} from "./_support.ts";

function loaded(server: string, auth = "", route = "echo") {
  return config(
    `[server]\n${server}\n[auth]\n${auth}\n${BASE_PROVIDERS}\n[[routes]]\nmatch = "*"\nprovider = "${route}"\n`,
  );
}

const KEYS = (name: string) => (name === "FERRYLLM_API_KEYS" ? "key-a,key-b" : undefined);

Deno.test("the global rate limit answers 429 with retry-after in the client's shape, then recovers", async () => {
  const clock = new FakeClock(60_000 * 1000);
  const handler = createHandler({ config: loaded("rate_limit_per_minute = 2"), now: clock.now });
  const ask = () => handler(post("/v1/chat/completions", chatRequest("m", "hi")));
  assert.equal((await ask()).status, 200);
  assert.equal((await ask()).status, 200);
  const refused = await ask();
  assert.equal(refused.status, 429);
  // Two requests this minute weigh 2 × (1 − e) in the next: one more fits half-way through it.
  assert.equal(refused.headers.get("retry-after"), "90");
  const body = await refused.json();
  assert.equal(body.error.type, "rate_limit_error");
  assert.match(body.error.message, /rate limit of 2 requests per minute/);

  const anthropic = await handler(
    post("/v1/messages", {
      method: "POST",
      body: JSON.stringify({
        model: "m",
        max_tokens: 5,
        messages: [{ role: "user", content: "x" }],
      }),
    }),
  );
  assert.equal(anthropic.status, 429);
  assert.equal((await anthropic.json()).error.type, "rate_limit_error");

  clock.advance(120_000);
  assert.equal((await ask()).status, 200);
  const metrics = parseExposition(
    await (await handler(new Request("http://g.test/metrics"))).text(),
  );
  assert.equal(
    valueOf(metrics.samples, "ferryllm_rate_limited_total", { limit: "rate", scope: "global" }),
    2,
  );
});

Deno.test("the per-key rate limit counts each key on its own", async () => {
  const clock = new FakeClock(60_000 * 1000);
  const handler = createHandler({
    config: loaded("", "enabled = true\nper_key_rate_limit_per_minute = 1"),
    now: clock.now,
    env: KEYS,
  });
  const ask = (key: string) =>
    handler(
      post("/v1/chat/completions", chatRequest("m", "hi"), { authorization: `Bearer ${key}` }),
    );
  assert.equal((await ask("key-a")).status, 200);
  const refused = await ask("key-a");
  assert.equal(refused.status, 429);
  assert.match((await refused.json()).error.message, /this API key/);
  assert.equal((await ask("key-b")).status, 200);
});

Deno.test("the sliding window weighs the previous minute", () => {
  // 10 last minute and 5 this minute, half-way through: 10 × 0.5 + 5 = 10, full. One more fits
  // once 10 × (1 − e) + 6 ≤ 10, at e = 0.6: six seconds on.
  assert.equal(retryAfterSeconds(10, 5, 10, 0.5), 6);
  // This minute alone is full: wait for the next minute and for this one to fade.
  assert.equal(retryAfterSeconds(0, 10, 10, 0.5), 36);
});

function loopback(options: HandlerOptions) {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createHandler(options),
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  return { base, close: () => server.shutdown() };
}

async function inFlight(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return valueOf(parseExposition(text).samples, "ferryllm_in_flight_requests");
}

Deno.test("a stream holds its concurrency slot until the client disconnects, then frees it", async () => {
  const upstream = controlledStream();
  upstream.push(chunkFrame("first words"));
  const { fetch: fakeFetch } = scriptedFetch({
    "upstream.test": [upstream.response, chatJson("after")],
  });
  const server = loopback({
    config: loaded("max_concurrent_requests = 1", "", "up"),
    fetch: fakeFetch,
  });
  try {
    const client = new AbortController();
    const stream = await fetch(`${server.base}/v1/chat/completions`, {
      ...chatRequest("m", "hi", true),
      signal: client.signal,
    });
    const reader = stream.body!.getReader();
    await reader.read();
    assert.equal(await inFlight(server.base), 1);

    const refused = await fetch(`${server.base}/v1/chat/completions`, chatRequest("m", "hi"));
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), "1");
    assert.match((await refused.json()).error.message, /too many concurrent requests/);

    client.abort();
    await reader.cancel().catch(() => {});
    await upstream.cancelled; // the disconnect reached the upstream
    for (let i = 0; i < 200 && (await inFlight(server.base)) !== 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(await inFlight(server.base), 0);
    const next = await fetch(`${server.base}/v1/chat/completions`, chatRequest("m", "hi"));
    assert.equal(next.status, 200);
    assert.equal((await next.json()).choices[0].message.content, "after");
  } finally {
    await server.close();
  }
});

Deno.test("a stream the client leaves before its first chunk frees its slot and its upstream", async () => {
  const upstream = controlledStream();
  upstream.push(chunkFrame("first words"));
  const { fetch: fakeFetch } = scriptedFetch({
    "upstream.test": [upstream.response, chatJson("after")],
  });
  const handler = createHandler({
    config: loaded("max_concurrent_requests = 1", "", "up"),
    fetch: fakeFetch,
  });
  const res = await handler(post("/v1/chat/completions", chatRequest("m", "hi", true)));
  assert.equal(res.status, 200);
  await res.body!.cancel();
  await upstream.cancelled;
  const next = await handler(post("/v1/chat/completions", chatRequest("m", "hi")));
  assert.equal(next.status, 200);
  assert.equal((await next.json()).choices[0].message.content, "after");
});

Deno.test("a completed stream and a failed request both give their slot back", async () => {
  const handler = createHandler({ config: loaded("max_concurrent_requests = 1") });
  for (let i = 0; i < 3; i++) {
    const res = await handler(post("/v1/chat/completions", chatRequest("m", "hi", true)));
    assert.equal(res.status, 200);
    await res.text();
    const bad = await handler(post("/v1/chat/completions", { method: "POST", body: "{" }));
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
  }
});

/** A fetch that never answers until its signal aborts. */
const silentFetch =
  ((_input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason), { once: true });
    })) as typeof fetch;

Deno.test("a non-streaming request past request_timeout_secs gets a 504 in the client's shape", async () => {
  const handler = createHandler({
    config: loaded("request_timeout_secs = 0.05", "", "up"),
    fetch: silentFetch,
  });
  const res = await handler(
    post("/v1/messages", {
      method: "POST",
      body: JSON.stringify({
        model: "m",
        max_tokens: 5,
        messages: [{ role: "user", content: "x" }],
      }),
    }),
  );
  assert.equal(res.status, 504);
  const body = await res.json();
  assert.equal(body.type, "error");
  assert.match(body.error.message, /request_timeout_secs/);
});

Deno.test("a stream quiet for longer than request_timeout_secs ends with a terminal error", async () => {
  const upstream = controlledStream();
  upstream.push(chunkFrame("hello"));
  const { fetch: fakeFetch } = scriptedFetch({ "upstream.test": [upstream.response] });
  const handler = createHandler({
    config: loaded("request_timeout_secs = 0.1", "", "up"),
    fetch: fakeFetch,
  });
  const res = await handler(post("/v1/chat/completions", chatRequest("m", "hi", true)));
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.match(text, /hello/);
  const frames = text.split("\n\n").filter((f) => f.startsWith("data: {"));
  const last = JSON.parse(frames.at(-1)!.slice(6));
  assert.match(last.error.message, /pause between stream events/);
  await upstream.cancelled;
});

Deno.test("a body over body_limit_mb is refused with 413 and frees its slot", async () => {
  const handler = createHandler({
    config: loaded("body_limit_mb = 0.0001\nmax_concurrent_requests = 1"),
  });
  const big = chatRequest("m", "x".repeat(1000));
  for (let i = 0; i < 2; i++) {
    const res = await handler(post("/v1/chat/completions", big));
    assert.equal(res.status, 413);
    await res.body?.cancel();
  }
});
