import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { Counter, Histogram, Registry } from "../../lib/observability/metrics.ts";
import {
  BASE_PROVIDERS,
  chatRequest,
  config,
  errorJson,
  FakeClock,
  parseExposition,
  post,
  valueOf,
} from "./_support.ts";

function cachedChat(prompt: number, cached: number, completion: number): Response {
  return Response.json({
    id: "chatcmpl-up",
    object: "chat.completion",
    created: 1,
    model: "up-model",
    choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: cached },
    },
  });
}

function setup() {
  const clock = new FakeClock();
  const replies = [cachedChat(100, 80, 5), cachedChat(100, 0, 5), errorJson(400, "bad")];
  const fetchFn = (() => {
    clock.advance(1000); // the upstream takes one second
    return Promise.resolve(replies.shift()!);
  }) as typeof fetch;
  const loaded = config(`${BASE_PROVIDERS}
[[routes]]
match = "gpt-"
provider = "up"
rewrite_model = "up-model"

[[routes]]
match = "*"
provider = "echo"
`);
  const handler = createHandler({ config: loaded, fetch: fetchFn, now: clock.now });
  return { handler, clock };
}

async function scrape(handler: (r: Request) => Promise<Response>) {
  const res = await handler(new Request("http://g.test/metrics"));
  assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  return parseExposition(await res.text());
}

Deno.test("metrics count requests, tokens, cache hits and upstream errors with bounded labels", async () => {
  const { handler } = setup();
  for (let i = 0; i < 3; i++) {
    const res = await handler(post("/v1/chat/completions", chatRequest("gpt-anything", "hi")));
    await res.body?.cancel();
  }
  const echo = await handler(
    post("/v1/chat/completions", chatRequest("client-invented-name-42", "hi")),
  );
  await echo.body?.cancel();

  const { samples, types } = await scrape(handler);
  assert.equal(types.get("ferryllm_requests_total"), "counter");
  assert.equal(types.get("ferryllm_request_duration_seconds"), "histogram");
  const req = (labels: Record<string, string>) =>
    valueOf(samples, "ferryllm_requests_total", labels);
  assert.equal(req({ provider: "up", model: "up-model", status_class: "2xx" }), 2);
  assert.equal(req({ provider: "up", model: "up-model", status_class: "4xx" }), 1);
  // A name only the client knows is never a label value.
  assert.equal(req({ provider: "echo", model: "other", status_class: "2xx" }), 1);
  assert.ok(!samples.some((s) => s.labels.model === "client-invented-name-42"));

  const tokens = (type: string) =>
    valueOf(samples, "ferryllm_tokens_total", { provider: "up", model: "up-model", type });
  assert.equal(tokens("input"), 200);
  assert.equal(tokens("cache_read"), 80);
  assert.equal(tokens("output"), 10);
  assert.equal(
    valueOf(samples, "ferryllm_prompt_cache_hit_ratio", { provider: "up", model: "up-model" }),
    0.4,
  );
  assert.equal(
    valueOf(samples, "ferryllm_upstream_errors_total", { provider: "up", kind: "invalid_request" }),
    1,
  );
  assert.equal(valueOf(samples, "ferryllm_in_flight_requests"), 0);
  const upstreamCount = valueOf(samples, "ferryllm_upstream_duration_seconds_count", {
    provider: "up",
  });
  const upstreamSum = valueOf(samples, "ferryllm_upstream_duration_seconds_sum", {
    provider: "up",
  });
  assert.equal(upstreamCount, 2);
  assert.equal(upstreamSum, 2, "two successful upstream calls of one (fake) second each");
});

Deno.test("x-ferryllm-overhead-ms leaves out the time spent upstream", async () => {
  const { handler } = setup();
  const res = await handler(post("/v1/chat/completions", chatRequest("gpt-x", "hi")));
  await res.body?.cancel();
  const overhead = Number(res.headers.get("x-ferryllm-overhead-ms"));
  assert.ok(Number.isFinite(overhead));
  // The fake upstream took 1000 ms of fake time and nothing else moved the clock.
  assert.equal(overhead, 0);
  const { samples } = await scrape(handler);
  assert.equal(valueOf(samples, "ferryllm_gateway_overhead_seconds_sum"), 0);
  assert.equal(valueOf(samples, "ferryllm_request_duration_seconds_sum"), 1);
});

Deno.test("metrics can be switched off", async () => {
  const loaded = config(
    `[metrics]\nenabled = false\n${BASE_PROVIDERS}\n[[routes]]\nmatch = "*"\nprovider = "echo"\n`,
  );
  const res = await createHandler({ config: loaded })(new Request("http://g.test/metrics"));
  assert.equal(res.status, 404);
  await res.body?.cancel();
});

Deno.test("the registry renders valid exposition text with escaped labels and cumulative buckets", () => {
  const registry = new Registry();
  const counter = registry.register(new Counter("c_total", "a counter", ["name"]));
  counter.inc({ name: 'quote " back \\ new\nline' }, 2);
  const histogram = registry.register(new Histogram("h_seconds", "a histogram", ["x"], [1, 5]));
  histogram.observe({ x: "a" }, 0.5);
  histogram.observe({ x: "a" }, 3);
  histogram.observe({ x: "a" }, 10);
  const { samples } = parseExposition(registry.render());
  assert.equal(valueOf(samples, "c_total", { name: 'quote " back \\ new\nline' }), 2);
  assert.equal(valueOf(samples, "h_seconds_bucket", { le: "1" }), 1);
  assert.equal(valueOf(samples, "h_seconds_bucket", { le: "5" }), 2);
  assert.equal(valueOf(samples, "h_seconds_bucket", { le: "+Inf" }), 3);
  assert.equal(valueOf(samples, "h_seconds_count"), 3);
  assert.equal(valueOf(samples, "h_seconds_sum"), 13.5);
});
