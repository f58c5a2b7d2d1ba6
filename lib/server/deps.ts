/**
 * Everything the request pipeline takes from the outside world, passed in so the pipeline is a
 * pure function of its inputs in tests (fixed clock, counting ids, a fake fetch).
 *
 * @module
 */
import type { IrRequest } from "../ir/request.ts";
import type { OpsEventSink } from "../observability/ops_event.ts";
import type { RequestObserver } from "../observability/request_record.ts";
import type { RoutingState } from "../router/routing_state.ts";
import type { StateStore } from "../state/store.ts";
import type { Runtime } from "./runtime.ts";
import type { GatewayLogger } from "../observability/gateway_logger.ts";

export interface GatewayDeps {
  /** The current configuration generation (hot reload swaps what this returns). */
  runtime: () => Runtime;
  fetch: typeof fetch;
  now: () => number;
  newId: (prefix: string) => string;
  store: StateStore;
  observe: RequestObserver;
  log: GatewayLogger;
  /** Local prompt-token estimate (count_tokens, echo usage, metrics). */
  countTokens: (ir: IrRequest) => Promise<number>;
  /** Sleeps between retries; tests pass a fake. */
  sleep: (ms: number) => Promise<void>;
  /** Limit, breaker and retry events (metrics). */
  events: OpsEventSink;
  /** Uniform in [0, 1): retry jitter and pool choice; tests pass a constant or a seeded PRNG. */
  random: () => number;
  /** True while spans are exported (`[tracing]`): requests then start a recorded trace. */
  traceRequests?: () => boolean;
  /** Pool target stats and key rotation, kept across requests and reloads. */
  routing: RoutingState;
}

/** Random ids: prefix + 24 hex characters from the platform CSPRNG. */
export function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let id = prefix;
  for (const byte of bytes) id += HEX_BYTES[byte];
  return id;
}

/** Two hex digits per byte value, built once: ids are made several times per request. */
const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));
