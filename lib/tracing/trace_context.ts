/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): reading a client's `traceparent`,
 * starting this request's span, and the header each upstream attempt carries.
 *
 * When the gateway records spans, an upstream sees the attempt's span as its parent, so the
 * client's trace, the gateway's spans and the provider's spans join into one tree. When it does
 * not, a client's `traceparent` is forwarded unchanged, as the spec asks of intermediaries that
 * do not take part.
 *
 * @module
 */
import type { RequestTrace } from "../observability/request_record.ts";

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

export interface ParsedTraceparent {
  traceId: string;
  parentSpanId: string;
  sampled: boolean;
}

/** A valid `traceparent` value, or undefined (invalid headers are ignored, per the spec). */
export function parseTraceparent(value: string | null | undefined): ParsedTraceparent | undefined {
  const match = TRACEPARENT.exec((value ?? "").trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, parentSpanId, flags, rest] = match;
  // Version ff is forbidden; version 00 has nothing after the flags.
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || parentSpanId === ZERO_SPAN) return undefined;
  return { traceId, parentSpanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

/**
 * This request's trace context: a child of the client's span when it sent a valid one, else a
 * new trace. `tracing` says whether the gateway exports spans; a client that sent "not sampled"
 * is respected (parent-based sampling).
 */
export function startRequestTrace(headers: Headers, tracing: boolean): RequestTrace | undefined {
  const incoming = headers.get("traceparent") ?? undefined;
  const parent = parseTraceparent(incoming);
  if (!parent && !tracing) return undefined;
  const tracestate = parent ? headers.get("tracestate")?.slice(0, 512) || undefined : undefined;
  return {
    traceId: parent?.traceId ?? randomHex(16),
    spanId: randomHex(8),
    parentSpanId: parent?.parentSpanId,
    tracestate,
    recorded: tracing && (parent?.sampled ?? true),
    incoming: parent ? incoming : undefined,
  };
}

/** The trace headers an upstream attempt carries (none when there is no trace). */
export function upstreamTraceHeaders(
  trace: RequestTrace | undefined,
  attemptSpanId: string,
): Record<string, string> {
  if (!trace) return {};
  const headers: Record<string, string> = {
    traceparent: trace.recorded
      ? `00-${trace.traceId}-${attemptSpanId}-01`
      : trace.incoming!.trim().toLowerCase(),
  };
  if (trace.tracestate) headers.tracestate = trace.tracestate;
  return headers;
}

/** `bytes` random bytes as lower-case hex: 16 for a trace id, 8 for a span id. */
export function randomHex(bytes: number): string {
  let out = "";
  for (const byte of crypto.getRandomValues(new Uint8Array(bytes))) {
    out += byte.toString(16).padStart(2, "0");
  }
  return out;
}
