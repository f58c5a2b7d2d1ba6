/**
 * One record per client request, filled in as the request moves through the gateway and handed
 * to observers (access log, metrics) when it is over: after the last byte for streams.
 *
 * @module
 */
import type { Usage } from "../ir/usage.ts";
import type { StopReason } from "../ir/stop.ts";
import type { TranslationWarning } from "../ir/warnings.ts";

export interface RequestRecord {
  requestId: string;
  /** The client protocol, or the side endpoint's name (`count_tokens`, `models`). */
  entry: string;
  clientModel?: string;
  provider?: string;
  providerType?: string;
  upstreamModel?: string;
  stream: boolean;
  /** HTTP status the client got (200 for a stream that later failed: see `errorKind`). */
  status: number;
  upstreamStatus?: number;
  /** Upstream attempts made (retries and fallbacks included). */
  attempts: number;
  startedAt: number;
  /** When the first upstream attempt began (after decoding and routing). */
  upstreamStartedAt?: number;
  /**
   * Time spent waiting on upstreams, from the first send to the last byte received (for streams,
   * the last event pulled from the upstream). Total minus this is the gateway's overhead.
   */
  upstreamMs?: number;
  /** Time until the first byte went to the client. */
  firstByteMs?: number;
  totalMs?: number;
  usage?: Usage;
  /** Local tokenizer estimate of the upstream prompt (only when the shape log is on). */
  estimatedPromptTokens?: number;
  stopReason?: StopReason;
  errorKind?: string;
  /** Status of the failure behind `errorKind` (499: the client went away). */
  errorStatus?: number;
  /** True when the failure was the gateway's own (bad input, no route), not an upstream's. */
  errorLocal?: boolean;
  /** Which of the provider's keys answered (`#2`), when it has several; never the key. */
  upstreamKey?: string;
  /** The routing rule that chose the route (`routes[2] (match "claude-" prefix, …)`). */
  routeRule?: string;
  /** Hash of the caller's gateway key, when auth is on (never the key itself). */
  keyHash?: string;
  /** What the client sent that the answering upstream's protocol could not carry. */
  warnings?: TranslationWarning[];
  /** The named key's name, when the caller's key has one. */
  keyName?: string;
  /** W3C trace context of this request (see `lib/tracing/trace_context.ts`). */
  trace?: RequestTrace;
  /** One entry per upstream attempt, in order (retries and fallbacks included). */
  attemptLog?: AttemptRecord[];
}

/** The request's place in a distributed trace. */
export interface RequestTrace {
  traceId: string;
  /** This request's own span. */
  spanId: string;
  /** The client's span, from its `traceparent`. */
  parentSpanId?: string;
  /** The client's `tracestate`, passed on upstream unchanged. */
  tracestate?: string;
  /** True when this gateway exports spans for the request (tracing on, parent sampled). */
  recorded: boolean;
  /** The client's `traceparent` as sent, forwarded unchanged when the gateway does not record. */
  incoming?: string;
}

/** One try against one provider. */
export interface AttemptRecord {
  provider: string;
  providerType?: string;
  upstreamModel?: string;
  /** The attempt's span id: the parent id the upstream sees in `traceparent`. */
  spanId: string;
  startedAt: number;
  /** When the answer (or the first stream event) arrived, or the attempt failed. */
  endedAt?: number;
  /** Upstream HTTP status, or the gateway's status for a failure without one. */
  status?: number;
  errorKind?: string;
}

export type RequestObserver = (record: RequestRecord) => void;

/** Several observers as one; a throwing observer never hides the record from the others. */
export function fanOut<T = RequestRecord>(
  ...observers: (((value: T) => void) | undefined)[]
): (value: T) => void {
  const list = observers.filter((o): o is (value: T) => void => o !== undefined);
  return (value) => {
    for (const observe of list) {
      try {
        observe(value);
      } catch {
        // An observer's bug must not fail the request it observes.
      }
    }
  };
}
