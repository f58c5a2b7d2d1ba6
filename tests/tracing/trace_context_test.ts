import assert from "node:assert/strict";
import {
  parseTraceparent,
  startRequestTrace,
  upstreamTraceHeaders,
} from "../../lib/tracing/trace_context.ts";
import { otlpSettings, parseHeaderList } from "../../lib/tracing/otlp_settings.ts";
import { tracingSchema } from "../../lib/config/schema.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

Deno.test("parseTraceparent reads a valid header and its sampled flag", () => {
  assert.deepEqual(parseTraceparent(`00-${TRACE}-${SPAN}-01`), {
    traceId: TRACE,
    parentSpanId: SPAN,
    sampled: true,
  });
  assert.equal(parseTraceparent(`00-${TRACE}-${SPAN}-00`)?.sampled, false);
  // Upper case is tolerated; a future version may carry more fields.
  assert.equal(parseTraceparent(`00-${TRACE.toUpperCase()}-${SPAN}-01`)?.traceId, TRACE);
  assert.equal(parseTraceparent(`01-${TRACE}-${SPAN}-01-extra`)?.traceId, TRACE);
});

Deno.test("parseTraceparent ignores invalid headers, as the spec asks", () => {
  for (
    const bad of [
      undefined,
      "",
      "garbage",
      `00-${"0".repeat(32)}-${SPAN}-01`,
      `00-${TRACE}-${"0".repeat(16)}-01`,
      `ff-${TRACE}-${SPAN}-01`,
      `00-${TRACE}-${SPAN}-01-extra`,
      `00-${TRACE.slice(1)}-${SPAN}-01`,
    ]
  ) {
    assert.equal(parseTraceparent(bad), undefined, String(bad));
  }
});

Deno.test("startRequestTrace joins the client's trace or starts one, only when needed", () => {
  const headers = new Headers({ traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: "a=b" });
  const joined = startRequestTrace(headers, true)!;
  assert.equal(joined.traceId, TRACE);
  assert.equal(joined.parentSpanId, SPAN);
  assert.equal(joined.recorded, true);
  assert.match(joined.spanId, /^[0-9a-f]{16}$/);
  assert.deepEqual(upstreamTraceHeaders(joined, "1111111111111111"), {
    traceparent: `00-${TRACE}-1111111111111111-01`,
    tracestate: "a=b",
  });

  const fresh = startRequestTrace(new Headers(), true)!;
  assert.match(fresh.traceId, /^[0-9a-f]{32}$/);
  assert.equal(fresh.parentSpanId, undefined);

  assert.equal(startRequestTrace(new Headers(), false), undefined);
  const passive = startRequestTrace(headers, false)!;
  assert.equal(passive.recorded, false);
  assert.equal(upstreamTraceHeaders(passive, "").traceparent, `00-${TRACE}-${SPAN}-01`);
});

Deno.test("otlpSettings: config first, then the traces variable as is, then the base + /v1/traces", () => {
  const none = tracingSchema.parse({});
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.equal(otlpSettings(none, env({})), undefined);
  assert.equal(
    otlpSettings(none, env({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318/" }))?.url,
    "http://c:4318/v1/traces",
  );
  assert.equal(
    otlpSettings(
      none,
      env({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://t:1/custom",
      }),
    )?.url,
    "http://t:1/custom",
  );
  const configured = tracingSchema.parse({
    otlp_endpoint: "http://cfg:4318/v1/traces",
    headers: { authorization: "Bearer x" },
  });
  const settings = otlpSettings(
    configured,
    env({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://env:4318",
      OTEL_EXPORTER_OTLP_HEADERS: "x-team=a%20b,authorization=env",
      OTEL_SERVICE_NAME: "edge-gw",
    }),
  )!;
  assert.equal(settings.url, "http://cfg:4318/v1/traces");
  assert.deepEqual(settings.headers, { "x-team": "a b", authorization: "Bearer x" });
  assert.equal(settings.serviceName, "edge-gw");
  assert.deepEqual(parseHeaderList("a=1,bad,=x,b=%E0%A4%A"), { a: "1" });
});
