/**
 * In-flight caps, global (`max_concurrent_requests`) and per gateway key
 * (`per_key_max_concurrent_requests`), plus the in-flight gauge. A request holds its slot until
 * it is over: a whole answer once the handler returns it, a stream for as long as it runs
 * (completed, failed, or the client went away: a disconnect always gives the slot back, see
 * `RequestScope.onEnd`).
 *
 * @module
 */
import { GatewayError } from "../../ir/error.ts";
import type { LimitScope, OpsEventSink } from "../../observability/ops_event.ts";
import type { StateStore } from "../../state/store.ts";
import type { GatewayDeps } from "../deps.ts";
import { refuse } from "../error_response.ts";
import { isModelRoute } from "../routes.ts";
import type { Middleware } from "./compose.ts";

/**
 * Counters are refreshed on every acquire and release; a counter left by a crashed instance in a
 * shared store expires after this long without traffic.
 */
const SLOT_LEASE_MS = 3_600_000;

/** Retry-After for a full house: slots free up as requests end, so a short wait is right. */
const RETRY_AFTER_SECONDS = 1;

interface Cap {
  key: string;
  max: number;
  scope: LimitScope;
}

export function concurrencyMiddleware(
  deps: Pick<GatewayDeps, "runtime" | "store">,
  events: OpsEventSink,
  inFlight: (delta: number) => void,
): Middleware {
  return async (scope, next) => {
    if (!isModelRoute(scope.route)) return await next(scope);
    const { server, auth } = deps.runtime().config;
    const caps: Cap[] = [];
    if (server.max_concurrent_requests !== undefined) {
      caps.push({ key: "cc:global", max: server.max_concurrent_requests, scope: "global" });
    }
    if (auth.enabled && auth.per_key_max_concurrent_requests !== undefined) {
      const keyHash = scope.caller.keyHash;
      caps.push({
        key: `cc:key:${keyHash}`,
        max: auth.per_key_max_concurrent_requests,
        scope: "key",
      });
    }
    const held: string[] = [];
    for (const cap of caps) {
      if (await acquire(deps.store, cap)) {
        held.push(cap.key);
        continue;
      }
      for (const key of held) await release(deps.store, key);
      events({ type: "limited", limit: "concurrency", scope: cap.scope });
      return refuse(scope, full(cap));
    }
    inFlight(1);
    const done = () => {
      inFlight(-1);
      for (const key of held) {
        release(deps.store, key).catch(() => {});
      }
    };
    let response: Response;
    try {
      response = await next(scope);
    } catch (error) {
      done();
      throw error;
    }
    scope.onEnd(done);
    return response;
  };
}

async function acquire(store: StateStore, cap: Cap): Promise<boolean> {
  const count = await store.increment(cap.key, 1, SLOT_LEASE_MS);
  if (count <= cap.max) return true;
  await release(store, cap.key);
  return false;
}

async function release(store: StateStore, key: string): Promise<void> {
  const count = await store.increment(key, -1, SLOT_LEASE_MS);
  // A counter that expired or was evicted under its users would go negative: clamp it.
  if (count < 0) await store.increment(key, -count, SLOT_LEASE_MS);
}

function full(cap: Cap): GatewayError {
  const who = cap.scope === "key" ? "this API key" : "this gateway";
  return new GatewayError({
    status: 429,
    kind: "rate_limit",
    message: `too many concurrent requests for ${who} (limit ${cap.max}); retry shortly`,
    retryAfter: String(RETRY_AFTER_SECONDS),
    local: true,
  });
}
