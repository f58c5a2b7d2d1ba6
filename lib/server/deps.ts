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
  if (poolAt + ID_BYTES > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  let id = prefix;
  for (let i = poolAt; i < poolAt + ID_BYTES; i++) id += HEX_BYTES[pool[i]];
  poolAt += ID_BYTES;
  return id;
}

const ID_BYTES = 12;

/**
 * Random bytes drawn 4 KiB at a time: ids are made several times per request, and each call
 * into the CSPRNG costs about as much as drawing a few hundred bytes. Every byte is used once.
 */
const pool = new Uint8Array(4096);
let poolAt = pool.length;

/** Two hex digits per byte value, built once: ids are made several times per request. */
const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));
