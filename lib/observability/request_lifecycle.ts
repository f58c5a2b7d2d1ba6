/**
 * The one owner of a request's record. The pipeline does not write the record; it emits
 * lifecycle events (decoded, routed, upstream started, attempt, first byte, finished, failed …)
 * and this observer keeps the record and hands it to the request observers (access log, metrics)
 * once, when the request is over: after the last byte for streams.
 *
 * @module
 */
import type { GatewayError } from "../ir/error.ts";
import type { StopReason } from "../ir/stop.ts";
import type { Usage } from "../ir/usage.ts";
import { MAX_WARNINGS, type TranslationWarning } from "../policy/translation_warnings.ts";
import { boundedText } from "./bounded_text.ts";
import type { RequestObserver, RequestRecord, RequestTrace } from "./request_record.ts";

export type LifecycleEvent =
  /** The client's body became IR. */
  | { type: "decoded"; clientModel: string; stream: boolean }
  /** A target was chosen (the route's provider, or a fallback). */
  | { type: "routed"; provider: string; providerType: string; upstreamModel: string }
  /** The routing rule that chose the route (docs/routing.md). */
  | { type: "route_chosen"; rule: string }
  /** Which of a provider's several keys this attempt uses: its index label (`#2`), never the key. */
  | { type: "key_chosen"; key: string }
  /** The local prompt estimate (only when the request-shape log is on). */
  | { type: "estimated"; promptTokens: number }
  /** The first upstream attempt is about to be sent. */
  | { type: "upstream_started" }
  /** One more upstream attempt (retries and fallbacks count); `spanId` when traced. */
  | { type: "attempt"; provider?: string; providerType?: string; spanId?: string }
  /** That attempt answered (status 200) or failed. */
  | { type: "attempt_ended"; status: number; errorKind?: string }
  /** An upstream answered (headers, or a whole response); for streams, each event pulled. */
  | { type: "upstream_answered"; status?: number }
  /** What the request lost in translation, from any step. */
  | { type: "warnings"; warnings: readonly TranslationWarning[] }
  /** The first byte goes to the client. */
  | { type: "first_byte" }
  | { type: "finished"; status: number; usage?: Usage; stopReason?: StopReason }
  /** Status 200 for a stream that failed after its first byte. */
  | { type: "failed"; status: number; error: GatewayError; usage?: Usage; stopReason?: StopReason };

export interface RequestLifecycle {
  /** The record so far, read-only: the owner alone writes it. */
  readonly record: Readonly<RequestRecord>;
  emit(event: LifecycleEvent): void;
}

export interface LifecycleStart {
  requestId: string;
  entry: string;
  keyHash?: string;
  /** The request's W3C trace context, when it has one. */
  trace?: RequestTrace;
  /** The caller's named key, when it used one (usage and the access log name it). */
  keyName?: string;
}

/** A record kept from `start` on; observers see it once, on `finished` or `failed`. */
export function requestLifecycle(
  start: LifecycleStart,
  now: () => number,
  observe: RequestObserver,
): RequestLifecycle {
  const record: RequestRecord = {
    requestId: start.requestId,
    entry: start.entry,
    stream: false,
    status: 0,
    attempts: 0,
    startedAt: now(),
    keyHash: start.keyHash,
    trace: start.trace,
    keyName: start.keyName,
  };
  let over = false;
  const end = (status: number, usage?: Usage, stopReason?: StopReason) => {
    over = true;
    record.status = status;
    if (usage) record.usage = usage;
    if (stopReason) record.stopReason = stopReason;
    record.totalMs = now() - record.startedAt;
    observe(record);
  };
  return {
    record,
    emit(event) {
      if (over) return;
      switch (event.type) {
        case "decoded":
          record.clientModel = boundedText(event.clientModel);
          record.stream = event.stream;
          return;
        case "routed":
          record.provider = event.provider;
          record.providerType = event.providerType;
          record.upstreamModel = boundedText(event.upstreamModel);
          record.upstreamKey = undefined; // a new target: its key, if any, follows
          return;
        case "estimated":
          record.estimatedPromptTokens = event.promptTokens;
          return;
        case "route_chosen":
          record.routeRule = event.rule;
          return;
        case "key_chosen":
          record.upstreamKey = event.key;
          return;
        case "upstream_started":
          record.upstreamStartedAt = now();
          return;
        case "attempt":
          record.attempts += 1;
          if (event.provider !== undefined) {
            (record.attemptLog ??= []).push({
              provider: event.provider,
              providerType: event.providerType,
              upstreamModel: record.upstreamModel,
              spanId: event.spanId ?? "",
              startedAt: now(),
            });
          }
          return;
        case "attempt_ended": {
          const attempt = record.attemptLog?.at(-1);
          if (attempt && attempt.endedAt === undefined) {
            attempt.endedAt = now();
            attempt.status = event.status;
            attempt.errorKind = event.errorKind;
          }
          return;
        }
        case "upstream_answered":
          if (event.status !== undefined) record.upstreamStatus = event.status;
          if (record.upstreamStartedAt !== undefined) {
            record.upstreamMs = now() - record.upstreamStartedAt;
          }
          return;
        case "warnings": {
          if (event.warnings.length === 0) return;
          const list = [...(record.warnings ?? []), ...event.warnings];
          record.warnings = list.slice(0, MAX_WARNINGS);
          return;
        }
        case "first_byte":
          record.firstByteMs = now() - record.startedAt;
          return;
        case "finished":
          end(event.status, event.usage, event.stopReason);
          return;
        case "failed":
          record.errorKind = event.error.kind;
          record.errorStatus = event.error.status;
          record.errorLocal = event.error.local === true;
          end(event.status, event.usage, event.stopReason);
          return;
        default: {
          const never: never = event;
          throw new Error(`unknown lifecycle event ${(never as { type: string }).type}`);
        }
      }
    },
  };
}
