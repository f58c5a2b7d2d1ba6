/**
 * Middleware: a named key whose budget is spent gets a 429 in its protocol's shape naming the
 * budget and when it resets, before any upstream is called. While the state store is down,
 * `on_unavailable` decides: `fail_open` admits, `fail_closed` refuses with the 503.
 *
 * @module
 */
import { toGatewayError } from "../ir/error.ts";
import type { OpsEventSink } from "../observability/ops_event.ts";
import type { GatewayDeps } from "../server/deps.ts";
import { refuse } from "../server/error_response.ts";
import type { Middleware } from "../server/middleware/compose.ts";
import { isModelRoute } from "../server/routes.ts";
import { StoreUnavailableError } from "../state/guarded_store.ts";
import { budgetRefusal, hasBudget, readSpend } from "./budget.ts";

export function budgetMiddleware(
  deps: Pick<GatewayDeps, "runtime" | "store" | "now">,
  events: OpsEventSink,
): Middleware {
  return async (scope, next) => {
    const named = scope.caller.named;
    if (!named || !hasBudget(named.rules) || !isModelRoute(scope.route)) return await next(scope);
    const now = deps.now();
    try {
      const spend = await readSpend(deps.store, named.name, now);
      const refusal = budgetRefusal(named.name, named.rules, spend, now);
      if (refusal) {
        events({ type: "limited", limit: "budget", scope: "key" });
        return refuse(scope, refusal);
      }
    } catch (error) {
      const unavailable = error instanceof StoreUnavailableError;
      if (!unavailable || deps.runtime().config.state.on_unavailable === "fail_closed") {
        return refuse(scope, toGatewayError(error));
      }
    }
    return await next(scope);
  };
}
