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
import type { GatewayDeps } from "../deps.ts";
import { callerLabel } from "../scope.ts";
import { Leases } from "./leases.ts";
import { refuse } from "../error_response.ts";
import { isModelRoute } from "../routes.ts";
import type { Middleware } from "./compose.ts";

/** Retry-After for a full house: slots free up as requests end, so a short wait is right. */
const RETRY_AFTER_SECONDS = 1;

interface Cap {
  key: string;
  max: number;
  scope: LimitScope;
}

export function concurrencyMiddleware(
  deps: Pick<GatewayDeps, "runtime" | "store" | "newId">,
  events: OpsEventSink,
  inFlight: (delta: number) => void,
): Middleware {
  return async (scope, next) => {
    if (!isModelRoute(scope.route)) return await next(scope);
    const { server, auth, state } = deps.runtime().config;
    const caps: Cap[] = [];
    if (server.max_concurrent_requests !== undefined) {
      caps.push({ key: "cc:global", max: server.max_concurrent_requests, scope: "global" });
    }
    const perKey = scope.caller.named?.rules.max_concurrent_requests ??
      (auth.enabled ? auth.per_key_max_concurrent_requests : undefined);
    if (perKey !== undefined) {
      caps.push({ key: `cc:key:${callerLabel(scope.caller)}`, max: perKey, scope: "key" });
    }
    // No caps (the default): no lease, no holder id to mint.
    const lease = caps.length > 0
      ? new Leases(deps.store, deps.newId("lease_"), state.lease_secs * 1000)
      : undefined;
    const refused = lease && await firstFull(lease, caps);
    if (refused) {
      events({ type: "limited", limit: "concurrency", scope: refused.scope });
      return refuse(scope, full(refused));
    }
    inFlight(1);
    const done = () => {
      inFlight(-1);
      lease?.releaseAll().catch(() => {});
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

/** Takes a slot under each cap in turn; at the first one that is full, gives back the others. */
async function firstFull(lease: Leases, caps: Cap[]): Promise<Cap | undefined> {
  for (const cap of caps) {
    if (await lease.acquire(cap.key, cap.max)) continue;
    await lease.releaseAll();
    return cap;
  }
  return undefined;
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
