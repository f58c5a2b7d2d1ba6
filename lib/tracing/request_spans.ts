/**
 * A finished request record → its spans: one SERVER span for the client's request, with the
 * OpenTelemetry GenAI semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/) and `ferryllm.*` attributes,
 * and one CLIENT child span per upstream attempt.
 *
 * Metadata only: model names, counts, timings, statuses. Prompt and completion text never reach
 * the record, so they cannot reach a span.
 *
 * @module
 */
import type { AttemptRecord, RequestRecord } from "../observability/request_record.ts";
import { attributes, type OtlpSpan, SPAN_KIND, STATUS_CODE, unixNanos } from "./otlp_span.ts";

/** `gen_ai.provider.name` well-known values by provider type. */
const GENAI_PROVIDER: Record<string, string> = {
  openai: "openai",
  openai_responses: "openai",
  anthropic: "anthropic",
  gemini: "gcp.gemini",
  echo: "ferryllm.echo",
};

function genAiProvider(type: string | undefined): string | undefined {
  return type === undefined ? undefined : GENAI_PROVIDER[type] ?? type;
}

/** Gemini's endpoint is `generateContent`; the other three protocols are chats. */
function operationName(entry: string): string {
  if (entry === "gemini") return "generate_content";
  if (["openai", "openai_responses", "anthropic"].includes(entry)) return "chat";
  return entry;
}

export function requestSpans(record: RequestRecord): OtlpSpan[] {
  const trace = record.trace;
  if (!trace?.recorded) return [];
  const operation = operationName(record.entry);
  const endedAt = record.startedAt + (record.totalMs ?? 0);
  const failed = record.status >= 400 || record.errorKind !== undefined;
  const usage = record.usage;
  const overhead = record.totalMs !== undefined && record.upstreamMs !== undefined
    ? Math.max(0, record.totalMs - record.upstreamMs)
    : undefined;
  const server: OtlpSpan = {
    traceId: trace.traceId,
    spanId: trace.spanId,
    parentSpanId: trace.parentSpanId,
    traceState: trace.tracestate,
    name: record.clientModel ? `${operation} ${record.clientModel}` : operation,
    kind: SPAN_KIND.server,
    startTimeUnixNano: unixNanos(record.startedAt),
    endTimeUnixNano: unixNanos(endedAt),
    attributes: attributes({
      "gen_ai.operation.name": operation,
      "gen_ai.provider.name": genAiProvider(record.providerType),
      "gen_ai.request.model": record.clientModel,
      "gen_ai.response.model": record.upstreamModel,
      "gen_ai.usage.input_tokens": usage?.inputTokens,
      "gen_ai.usage.output_tokens": usage?.outputTokens,
      "gen_ai.usage.cache_read.input_tokens": usage?.cacheReadTokens || undefined,
      "gen_ai.usage.cache_creation.input_tokens": usage?.cacheWriteTokens || undefined,
      "gen_ai.response.finish_reasons": record.stopReason ? [record.stopReason] : undefined,
      "http.response.status_code": record.status,
      "error.type": failed ? record.errorKind ?? String(record.status) : undefined,
      "ferryllm.request_id": record.requestId,
      "ferryllm.entry_protocol": record.entry,
      "ferryllm.route": record.routeRule,
      "ferryllm.provider": record.provider,
      "ferryllm.key_name": record.keyName,
      "ferryllm.key_hash": record.keyName ? undefined : record.keyHash,
      "ferryllm.stream": record.stream,
      "ferryllm.attempts": record.attempts,
      "ferryllm.overhead_ms": overhead,
      "ferryllm.time_to_first_byte_ms": record.firstByteMs,
      "ferryllm.warnings": record.warnings?.length
        ? record.warnings.map((w) => w.message)
        : undefined,
    }),
    status: failed ? { code: STATUS_CODE.error, message: record.errorKind } : {
      code: STATUS_CODE.unset,
    },
  };
  const attempts = record.attemptLog ?? [];
  return [
    server,
    ...attempts.map((attempt, i) =>
      attemptSpan(record, attempt, i, i === attempts.length - 1 ? endedAt : undefined)
    ),
  ];
}

/**
 * One upstream attempt. The last one of a stream lasts until the upstream's last event, which
 * the record knows as `upstreamMs`; earlier ones ended when they failed.
 */
function attemptSpan(
  record: RequestRecord,
  attempt: AttemptRecord,
  index: number,
  requestEnd: number | undefined,
): OtlpSpan {
  const trace = record.trace!;
  let end = attempt.endedAt ?? requestEnd ?? attempt.startedAt;
  if (requestEnd !== undefined && record.upstreamStartedAt !== undefined && record.upstreamMs) {
    end = Math.max(end, Math.min(requestEnd, record.upstreamStartedAt + record.upstreamMs));
  }
  const failed = attempt.errorKind !== undefined;
  const model = attempt.upstreamModel ?? record.upstreamModel;
  return {
    traceId: trace.traceId,
    spanId: attempt.spanId,
    parentSpanId: trace.spanId,
    name: model ? `${operationName(record.entry)} ${model}` : "upstream attempt",
    kind: SPAN_KIND.client,
    startTimeUnixNano: unixNanos(attempt.startedAt),
    endTimeUnixNano: unixNanos(end),
    attributes: attributes({
      "gen_ai.operation.name": operationName(record.entry),
      "gen_ai.provider.name": genAiProvider(attempt.providerType),
      "gen_ai.request.model": model,
      "http.response.status_code": attempt.status,
      "error.type": failed ? attempt.errorKind : undefined,
      "ferryllm.provider": attempt.provider,
      "ferryllm.attempt": index + 1,
    }),
    status: failed ? { code: STATUS_CODE.error, message: attempt.errorKind } : {
      code: STATUS_CODE.unset,
    },
  };
}
