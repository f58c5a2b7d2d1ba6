import assert from "node:assert/strict";
import { loadConfig } from "../../lib/config/load.ts";
import { createHandler, type GatewayHandler } from "../../lib/server/handler.ts";
import { startMockUpstream } from "../support/mock_upstream/mod.ts";
import { type Receiver, startReceiver } from "./_receiver.ts";

const CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CLIENT_SPAN = "00f067aa0ba902b7";

/** A provider on a port nobody listens on, falling back to the mock: two attempts. */
function configToml(mockUrl: string, tracing: string): string {
  return `
${tracing}

[[providers]]
name = "dead"
type = "openai"
base_url = "http://127.0.0.1:9"
api_key = "k"

[[providers]]
name = "mock"
type = "anthropic"
base_url = "${mockUrl}"
api_key = "k"

[[routes]]
match = "fallback-"
provider = "dead"
fallback_providers = ["mock"]
rewrite_model = "claude-up-1"

[[routes]]
match = "*"
provider = "mock"
rewrite_model = "claude-up-1"
`;
}

function gateway(toml: string, env: Record<string, string> = {}): GatewayHandler {
  const config = loadConfig(toml, "tracing.toml", { env: (n) => env[n], readFile: () => "" });
  return createHandler({ config, env: (n) => env[n] });
}

async function chat(
  handler: GatewayHandler,
  model: string,
  text: string,
  headers: Record<string, string> = {},
  stream = false,
): Promise<Response> {
  const res = await handler(
    new Request("http://gw.test/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ model, stream, messages: [{ role: "user", content: text }] }),
    }),
  );
  await res.text();
  return res;
}

async function waitForSpans(receiver: Receiver, count: number, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (receiver.spans.length < count && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
  }
}

Deno.test("traces: a request span with GenAI attributes, one child per attempt, within 5 s", async () => {
  const mock = await startMockUpstream();
  const receiver = await startReceiver();
  const handler = gateway(
    configToml(mock.url, `[tracing]\notlp_endpoint = "${receiver.url}"\nservice_name = "gw-test"`),
  );
  try {
    const canary = `PROMPT-CANARY-${crypto.randomUUID()}`;
    const res = await chat(handler, "fallback-model", `${canary} SCENARIO:text`, {
      traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01`,
      tracestate: "vendor=opaque",
    }, true);
    const answeredAt = Date.now();
    assert.equal(res.status, 200);
    await waitForSpans(receiver, 3);
    assert.equal(receiver.spans.length, 3);
    assert.ok(receiver.spans[0].receivedAt - answeredAt <= 5000);

    const [server, ...attempts] = receiver.spans;
    assert.equal(server.kind, 2); // SERVER
    assert.equal(server.traceId, CLIENT_TRACE);
    assert.equal(server.parentSpanId, CLIENT_SPAN);
    assert.equal(server.name, "chat fallback-model");
    assert.deepEqual(server.resource["service.name"], "gw-test");
    const a = server.attributes;
    assert.equal(a["gen_ai.operation.name"], "chat");
    assert.equal(a["gen_ai.provider.name"], "anthropic");
    assert.equal(a["gen_ai.request.model"], "fallback-model");
    assert.equal(a["gen_ai.response.model"], "claude-up-1");
    assert.ok((a["gen_ai.usage.input_tokens"] as number) > 0);
    assert.ok((a["gen_ai.usage.output_tokens"] as number) > 0);
    assert.deepEqual(a["gen_ai.response.finish_reasons"], ["end_turn"]);
    assert.equal(a["ferryllm.entry_protocol"], "openai");
    assert.match(String(a["ferryllm.route"]), /"fallback-"/);
    assert.equal(a["ferryllm.provider"], "mock");
    assert.equal(a["ferryllm.attempts"], 2);
    assert.equal(a["ferryllm.stream"], true);
    assert.equal(typeof a["ferryllm.overhead_ms"], "number");
    assert.equal(a["http.response.status_code"], 200);

    // Children: the failed attempt on "dead", then the one that answered; both inside the request.
    assert.deepEqual(attempts.map((s) => s.kind), [3, 3]); // CLIENT
    for (const span of attempts) {
      assert.equal(span.traceId, CLIENT_TRACE);
      assert.equal(span.parentSpanId, server.spanId);
      assert.ok(span.start >= server.start && span.end <= server.end);
    }
    assert.equal(attempts[0].attributes["ferryllm.provider"], "dead");
    assert.equal(attempts[0].attributes["error.type"], "upstream_unavailable");
    assert.equal(attempts[0].status.code, 2);
    assert.equal(attempts[1].attributes["ferryllm.provider"], "mock");
    assert.equal(attempts[1].attributes["gen_ai.provider.name"], "anthropic");
    assert.equal(attempts[1].attributes["ferryllm.attempt"], 2);

    // The upstream saw the attempt span as its parent, in the client's trace.
    const upstream = mock.requests.at(-1)!;
    assert.equal(upstream.headers.traceparent, `00-${CLIENT_TRACE}-${attempts[1].spanId}-01`);
    assert.equal(upstream.headers.tracestate, "vendor=opaque");

    // Metadata only: the prompt never leaves in a span.
    assert.ok(!receiver.bodies.join("").includes(canary));
  } finally {
    await handler.tracing.close();
    await receiver.close();
    await mock.close();
  }
});

Deno.test("traces: without a client traceparent the gateway starts a new trace", async () => {
  const mock = await startMockUpstream();
  const receiver = await startReceiver();
  // From the standard environment variable, not the config file.
  const handler = gateway(configToml(mock.url, ""), {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  });
  try {
    assert.equal((await chat(handler, "m", "SCENARIO:text")).status, 200);
    await waitForSpans(receiver, 2);
    const [server, attempt] = receiver.spans;
    assert.equal(server.parentSpanId, undefined);
    assert.match(server.traceId, /^[0-9a-f]{32}$/);
    assert.equal(attempt.parentSpanId, server.spanId);
    assert.equal(mock.requests[0].headers.traceparent, `00-${server.traceId}-${attempt.spanId}-01`);
  } finally {
    await handler.tracing.close();
    await receiver.close();
    await mock.close();
  }
});

Deno.test("traces: off by default; a client's traceparent is still passed on unchanged", async () => {
  const mock = await startMockUpstream();
  const handler = gateway(configToml(mock.url, ""));
  try {
    assert.equal(handler.tracing.enabled(), false);
    await chat(handler, "m", "SCENARIO:text");
    assert.equal(mock.requests[0].headers.traceparent, undefined);
    const incoming = `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01`;
    await chat(handler, "m", "SCENARIO:text", { traceparent: incoming });
    assert.equal(mock.requests[1].headers.traceparent, incoming);
  } finally {
    await handler.tracing.close();
    await mock.close();
  }
});

Deno.test("traces: a client that did not sample is respected (no spans)", async () => {
  const mock = await startMockUpstream();
  const receiver = await startReceiver();
  const handler = gateway(configToml(mock.url, `[tracing]\notlp_endpoint = "${receiver.url}"`));
  try {
    const incoming = `00-${CLIENT_TRACE}-${CLIENT_SPAN}-00`;
    await chat(handler, "m", "SCENARIO:text", { traceparent: incoming });
    await handler.tracing.flush();
    assert.equal(receiver.spans.length, 0);
    assert.equal(mock.requests[0].headers.traceparent, incoming);
  } finally {
    await handler.tracing.close();
    await receiver.close();
    await mock.close();
  }
});

Deno.test("traces: a stuck or absent collector never fails a request; spans are dropped and counted", async () => {
  const mock = await startMockUpstream();
  const stuck = await startReceiver({ hang: true });
  const handler = gateway(
    configToml(
      mock.url,
      `[tracing]\notlp_endpoint = "${stuck.url}"\nmax_queue_spans = 4\nexport_interval_ms = 100`,
    ),
  );
  try {
    // The first batch goes out and hangs; the queue then fills and later spans are dropped.
    assert.equal((await chat(handler, "m", "SCENARIO:text")).status, 200);
    const deadline = Date.now() + 3000;
    while (stuck.posts === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(stuck.posts, 1);
    for (let i = 0; i < 10; i++) {
      assert.equal((await chat(handler, "m", "SCENARIO:text")).status, 200);
    }
    assert.equal(stuck.posts, 1, "one export in flight at a time");
    const metrics = await (await handler(new Request("http://gw.test/metrics"))).text();
    const dropped = Number(
      /ferryllm_trace_spans_dropped_total\{reason="queue_full"\} (\d+)/.exec(metrics)?.[1],
    );
    assert.equal(dropped, 10 * 2 - 4, "10 requests × 2 spans, minus the 4 the queue holds");
  } finally {
    await stuck.close();
    await handler.tracing.close();
    await mock.close();
  }

  // A collector address that refuses connections: requests still succeed, exports are counted.
  const mock2 = await startMockUpstream();
  const refused = gateway(
    configToml(mock2.url, `[tracing]\notlp_endpoint = "http://127.0.0.1:9"`),
  );
  try {
    for (let i = 0; i < 3; i++) {
      assert.equal((await chat(refused, "m", "SCENARIO:text")).status, 200);
    }
    await refused.tracing.flush();
    const metrics = await (await refused(new Request("http://gw.test/metrics"))).text();
    assert.match(metrics, /ferryllm_trace_spans_dropped_total\{reason="export_failed"\} 6/);
  } finally {
    await refused.tracing.close();
    await mock2.close();
  }
});
