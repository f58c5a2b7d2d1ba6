/**
 * Requests per minute, global (`rate_limit_per_minute`) and per gateway key
 * (`per_key_rate_limit_per_minute`), as a sliding-window counter: the previous minute's count,
 * weighted by how much of it still overlaps the last 60 s, plus this minute's. No burst of twice
 * the limit across a minute boundary, two counters per scope in the store.
 *
 * A refused request is taken back out of the count, so a client hammering a closed door does
 * not keep it closed.
 *
 * @module
 */
import { GatewayError } from "../../ir/error.ts";
import type { LimitScope, OpsEventSink } from "../../observability/ops_event.ts";
import { type StateStore, windowCounterKey, windowElapsed } from "../../state/store.ts";
import type { GatewayDeps } from "../deps.ts";
import { callerLabel } from "../scope.ts";
import { refuse } from "../error_response.ts";
import { isModelRoute } from "../routes.ts";
import type { Middleware } from "./compose.ts";

const WINDOW_MS = 60_000;

interface Limit {
  key: string;
  perMinute: number;
  scope: LimitScope;
}

export function rateLimitMiddleware(
  deps: Pick<GatewayDeps, "runtime" | "store" | "now">,
  events: OpsEventSink,
): Middleware {
  return async (scope, next) => {
    if (!isModelRoute(scope.route)) return await next(scope);
    const { server, auth } = deps.runtime().config;
    const limits: Limit[] = [];
    const perKey = scope.caller.named?.rules.rate_limit_per_minute ??
      (auth.enabled ? auth.per_key_rate_limit_per_minute : undefined);
    if (perKey !== undefined) {
      limits.push({ key: `rl:key:${callerLabel(scope.caller)}`, perMinute: perKey, scope: "key" });
    }
    if (server.rate_limit_per_minute !== undefined) {
      limits.push({ key: "rl:global", perMinute: server.rate_limit_per_minute, scope: "global" });
    }
    const now = deps.now();
    const admitted: string[] = [];
    for (const limit of limits) {
      const wait = await admit(deps.store, limit, now);
      if (wait === undefined) {
        admitted.push(windowKey(limit.key, now));
        continue;
      }
      // Give back what the limits checked before this one took.
      for (const key of admitted) {
        await deps.store.increment(key, -1, 2 * WINDOW_MS).catch(() => {}); // best effort
      }
      events({ type: "limited", limit: "rate", scope: limit.scope });
      return refuse(scope, tooMany(limit, wait));
    }
    return await next(scope);
  };
}

/** Counts the request in (one atomic store step); returns undefined when admitted, else the seconds to wait. */
export async function admit(
  store: StateStore,
  limit: Limit,
  now: number,
): Promise<number | undefined> {
  const count = await store.countInWindow(limit.key, limit.perMinute, WINDOW_MS, now);
  if (count.admitted) return undefined;
  const elapsed = windowElapsed(now, WINDOW_MS);
  return retryAfterSeconds(count.previous, count.current, limit.perMinute, elapsed);
}

/**
 * When one more request would fit: later this minute as the previous minute's weight fades, or
 * in the next minute once this minute's count has faded enough.
 */
export function retryAfterSeconds(
  previous: number,
  current: number,
  perMinute: number,
  elapsed: number,
): number {
  let windows: number;
  if (current + 1 <= perMinute && previous > 0) {
    windows = 1 - elapsed - (perMinute - current - 1) / previous;
  } else {
    const fadeNext = current > 0 ? Math.max(0, 1 - (perMinute - 1) / current) : 0;
    windows = 1 - elapsed + fadeNext;
  }
  return Math.max(1, Math.ceil(windows * 60));
}

function windowKey(key: string, now: number): string {
  return windowCounterKey(key, now, WINDOW_MS);
}

function tooMany(limit: Limit, waitSeconds: number): GatewayError {
  const who = limit.scope === "key" ? "this API key" : "this gateway";
  return new GatewayError({
    status: 429,
    kind: "rate_limit",
    message:
      `rate limit of ${limit.perMinute} requests per minute reached for ${who}; retry in ${waitSeconds} s`,
    retryAfter: String(waitSeconds),
    local: true,
  });
}
