import assert from "node:assert/strict";
import { GatewayError } from "../../lib/ir/error.ts";
import { createHandler } from "../../lib/server/handler.ts";
import {
  backoffMs,
  isRetryable,
  MAX_RETRY_AFTER_MS,
  retryAfterMs,
} from "../../lib/server/resilience/retry_policy.ts";
import {
  BASE_PROVIDERS,
  chatJson,
  chatRequest,
  chunkFrame,
  config,
  controlledStream,
  errorJson,
  FakeClock,
  fakeSleep,
  FINISH_FRAMES,
  post,
  scriptedFetch,
} from "./_support.ts";

function gateway(server: string, script: Parameters<typeof scriptedFetch>[0], fallback = false) {
  const loaded = config(
    `[server]\n${server}\n${BASE_PROVIDERS}\n[[routes]]\nmatch = "*"\nprovider = "up"\n` +
      (fallback ? `fallback_providers = ["backup"]\n` : ""),
  );
  const upstream = scriptedFetch(script);
  const clock = new FakeClock();
  const sleeper = fakeSleep();
  const handler = createHandler({
    config: loaded,
    fetch: upstream.fetch,
    now: clock.now,
    sleep: sleeper.sleep,
    random: () => 0.5,
  });
  const ask = (text = "hi", stream = false) =>
    handler(post("/v1/chat/completions", chatRequest("gpt-test", text, stream)));
  return { handler, ask, calls: upstream.calls, slept: sleeper.slept, clock };
}

Deno.test("a 503 is retried with backoff and the retry's answer reaches the client", async () => {
  const g = gateway("retry_attempts = 2\nretry_backoff_ms = 100", {
    "upstream.test": [errorJson(503, "busy"), chatJson("second time lucky")],
  });
  const res = await g.ask();
  assert.equal(res.status, 200);
  assert.equal((await res.json()).choices[0].message.content, "second time lucky");
  assert.deepEqual(g.calls, ["upstream.test", "upstream.test"]);
  // Equal jitter with random 0.5: 100/2 + 100/2 * 0.5.
  assert.deepEqual(g.slept, [75]);
});

Deno.test("a 400 is never retried", async () => {
  const g = gateway("retry_attempts = 3", {
    "upstream.test": [errorJson(400, "bad field"), chatJson("unreachable")],
  });
  const res = await g.ask();
  assert.equal(res.status, 400);
  await res.body?.cancel();
  assert.deepEqual(g.calls, ["upstream.test"]);
  assert.deepEqual(g.slept, []);
});

Deno.test("the upstream's retry-after decides the wait, in seconds or as an HTTP date", async () => {
  const g = gateway("retry_attempts = 2\nretry_backoff_ms = 100", {
    "upstream.test": [
      errorJson(429, "slow down", { "retry-after": "3" }),
      errorJson(503, "later", { "retry-after": new Date(1_700_000_000_000 + 5000).toUTCString() }),
      chatJson("ok"),
    ],
  });
  const res = await g.ask();
  assert.equal(res.status, 200);
  await res.body?.cancel();
  assert.deepEqual(g.slept, [3000, 5000]);
});

Deno.test("retries stop after retry_attempts and the last error reaches the client", async () => {
  const g = gateway("retry_attempts = 1\nretry_backoff_ms = 10", {
    "upstream.test": [errorJson(502, "down"), errorJson(502, "still down"), chatJson("never")],
  });
  const res = await g.ask();
  assert.equal(res.status, 502);
  await res.body?.cancel();
  assert.equal(g.calls.length, 2);
});

Deno.test("a connect failure falls back to the next provider", async () => {
  const g = gateway("retry_attempts = 0", { "backup.test": [chatJson("from backup")] }, true);
  const res = await g.ask();
  assert.equal(res.status, 200);
  assert.equal((await res.json()).choices[0].message.content, "from backup");
  assert.deepEqual(g.calls, ["upstream.test", "backup.test"]);
});

Deno.test("the breaker opens after N failures, fails fast, then lets one trial through after the cooldown", async () => {
  const g = gateway(
    "circuit_breaker_failures = 2\ncircuit_breaker_cooldown_secs = 30",
    { "upstream.test": [errorJson(503, "a"), errorJson(503, "b"), chatJson("recovered")] },
  );
  assert.equal((await g.ask()).status, 503);
  assert.equal((await g.ask()).status, 503);
  assert.equal(g.calls.length, 2);

  const fast = await g.ask();
  assert.equal(fast.status, 503);
  assert.match((await fast.json()).error.message, /circuit breaker is open/);
  assert.equal(g.calls.length, 2, "an open breaker does not call the upstream");

  g.clock.advance(30_000);
  const trial = await g.ask();
  assert.equal(trial.status, 200);
  await trial.body?.cancel();
  assert.equal(g.calls.length, 3);

  const metrics = await (await g.handler(new Request("http://gateway.test/metrics"))).text();
  assert.match(metrics, /ferryllm_circuit_breaker_events_total\{provider="up",event="opened"\} 1/);
  assert.match(
    metrics,
    /ferryllm_circuit_breaker_events_total\{provider="up",event="rejected"\} 1/,
  );
  assert.match(
    metrics,
    /ferryllm_circuit_breaker_events_total\{provider="up",event="half_open"\} 1/,
  );
  assert.match(metrics, /ferryllm_circuit_breaker_events_total\{provider="up",event="closed"\} 1/);
});

Deno.test("a failed half-open trial re-opens the breaker for another cooldown", async () => {
  const g = gateway(
    "circuit_breaker_failures = 1\ncircuit_breaker_cooldown_secs = 10",
    { "upstream.test": [errorJson(503, "a"), errorJson(503, "trial fails"), chatJson("ok")] },
  );
  assert.equal((await g.ask()).status, 503);
  g.clock.advance(10_000);
  assert.equal((await g.ask()).status, 503); // the trial
  assert.equal(g.calls.length, 2);
  g.clock.advance(5_000);
  assert.equal((await g.ask()).status, 503); // open again: no call
  assert.equal(g.calls.length, 2);
  g.clock.advance(5_000);
  assert.equal((await g.ask()).status, 200);
});

Deno.test("an open breaker sends the request to the fallback provider", async () => {
  const g = gateway(
    "circuit_breaker_failures = 1",
    { "upstream.test": [errorJson(503, "a")], "backup.test": [chatJson("b1"), chatJson("b2")] },
    true,
  );
  assert.equal((await g.ask()).status, 200);
  const second = await g.ask();
  assert.equal((await second.json()).choices[0].message.content, "b2");
  assert.deepEqual(g.calls, ["upstream.test", "backup.test", "backup.test"]);
});

Deno.test("a stream that fails before its first byte is retried", async () => {
  const broken = controlledStream();
  broken.fail();
  const good = controlledStream();
  good.push(chunkFrame("streamed"));
  good.push(FINISH_FRAMES);
  good.end();
  const g = gateway("retry_attempts = 1", {
    "upstream.test": [broken.response, good.response],
  });
  const res = await g.ask("hi", true);
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.match(text, /streamed/);
  assert.match(text, /\[DONE\]/);
  assert.equal(g.calls.length, 2);
});

Deno.test("a stream that fails after its first byte ends with the protocol's terminal error", async () => {
  const upstream = controlledStream();
  upstream.push(chunkFrame("partial answer"));
  const g = gateway("retry_attempts = 3", { "upstream.test": [upstream.response] });
  const res = await g.ask("hi", true);
  assert.equal(res.status, 200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("partial answer")) text += (await reader.read()).value;
  upstream.fail();
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const frames = text.split("\n\n").filter((f) => f.startsWith("data: ") && f !== "data: [DONE]");
  const last = JSON.parse(frames.at(-1)!.slice(6));
  assert.ok(last.error, `last frame should be an error: ${frames.at(-1)}`);
  assert.equal(g.calls.length, 1, "no retry after the first byte");
});

Deno.test("isRetryable: transient failures yes, bad input, local and no-retry failures no", () => {
  const e = (status: number, extra: Partial<GatewayError> = {}) =>
    Object.assign(new GatewayError({ status, kind: "api_error", message: "x" }), extra);
  for (const status of [408, 429, 500, 502, 503, 504, 529]) {
    assert.ok(isRetryable(e(status)), `${status}`);
  }
  for (const status of [400, 401, 403, 404, 413, 422]) {
    assert.ok(!isRetryable(e(status)), `${status}`);
  }
  assert.ok(!isRetryable(e(429, { noRetry: true })), "spend limit 429");
  assert.ok(!isRetryable(e(429, { local: true })), "the gateway's own 429");
  assert.ok(isRetryable(e(0, { kind: "upstream_unavailable" })));
  assert.ok(!isRetryable(e(499)), "client went away");
});

Deno.test("backoff doubles per attempt, jitters within the upper half, and is capped", () => {
  assert.equal(backoffMs(200, 1, 0), 100);
  assert.equal(backoffMs(200, 1, 1), 200);
  assert.equal(backoffMs(200, 3, 0), 400);
  assert.equal(backoffMs(200, 3, 0.5), 600);
  assert.ok(backoffMs(200, 40, 1) <= 30_000);
});

Deno.test("retry-after parses seconds and HTTP dates, caps long waits, ignores garbage", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  assert.equal(retryAfterMs("2", now), 2000);
  assert.equal(retryAfterMs("0.5", now), 500);
  assert.equal(retryAfterMs("Wed, 01 Jan 2025 00:00:04 GMT", now), 4000);
  assert.equal(retryAfterMs("Tue, 31 Dec 2024 23:00:00 GMT", now), 0);
  assert.equal(retryAfterMs("86400", now), MAX_RETRY_AFTER_MS);
  assert.equal(retryAfterMs("soon", now), undefined);
  assert.equal(retryAfterMs(undefined, now), undefined);
});
