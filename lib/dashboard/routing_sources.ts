/**
 * The dashboard's views of the router: the route tester answers with the router's own
 * `explainRoute` (the same function as `POST /admin/route` and `ferryllm route`) on a sample
 * request, and pool rows come from the live target stats.
 *
 * @module
 */
import { GatewayError } from "../ir/error.ts";
import type { OpsEvent } from "../observability/ops_event.ts";
import { explainRoute } from "../router/route_tester.ts";
import { routeTargets, targetModel } from "../router/route_targets.ts";
import type { TargetStats } from "../router/target_stats.ts";
import type { Runtime } from "../server/runtime.ts";
import type { PoolStateSource, PoolTargetState } from "./pool_source.ts";
import type { RouteAnswer, RouteExplainer } from "./route_explainer.ts";
import { sampleRequest } from "./sample_request.ts";

export function routingExplainer(stats: TargetStats): RouteExplainer {
  return (question, runtime) => {
    const body = sampleRequest(question.protocol, question.model, question);
    try {
      const answer = explainRoute(
        { config: runtime.config, router: runtime.router },
        { body, protocol: question.protocol, model: question.model },
        stats,
      );
      const notes = [answer.because, ...answer.skipped];
      if (answer.targets.length > 1) {
        notes.push(
          `pool (${answer.strategy}): ` +
            answer.targets.map((t) =>
              `${t.provider} → ${t.model} (weight ${t.weight}${t.state ? `, ${t.state}` : ""})`
            ).join("; "),
        );
      }
      const result: RouteAnswer = {
        matched: true,
        route: answer.rule,
        matchType: answer.match_type,
        provider: answer.provider,
        providerType: runtime.providers.get(answer.provider)?.type,
        upstreamModel: answer.upstream_model,
        fallbacks: answer.fallbacks.map((f) => f.provider),
        notes,
      };
      return result;
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      return { matched: false, fallbacks: [], notes: [error.message] };
    }
  };
}

/** Counts `target_ejected` events per target id (an `OpsEventSink`), for the pool column. */
export function ejectionCounter(): { event(e: OpsEvent): void; count(id: string): number } {
  const counts = new Map<string, number>();
  return {
    event(e) {
      if (e.type !== "target_ejected" || (!counts.has(e.target) && counts.size >= 10_000)) return;
      counts.set(e.target, (counts.get(e.target) ?? 0) + 1);
    },
    count: (id) => counts.get(id) ?? 0,
  };
}

/** Every target of every route that lists `targets` and names its models. */
export function poolSource(
  runtime: () => Runtime,
  stats: TargetStats,
  ejections: (id: string) => number,
): PoolStateSource {
  return () => {
    const byId = new Map<string, PoolTargetState>();
    for (const route of runtime().config.routes) {
      if (!route.targets) continue;
      for (const target of routeTargets(route)) {
        // A target without its own model follows the client's: no single row to show.
        if (target.model === undefined && route.rewrite_model === undefined) continue;
        const model = targetModel(target, route, "");
        const id = `${target.provider}/${model}`;
        const known = byId.get(id);
        if (known) {
          known.routes.push(route.match);
          continue;
        }
        const state = stats.get(id);
        byId.set(id, {
          provider: target.provider,
          model,
          routes: [route.match],
          state: state.ejectedUntil === undefined ? "available" : "ejected",
          inFlight: state.inFlight,
          latencyMs: state.latencyMs === undefined ? undefined : Math.round(state.latencyMs),
          ejections: ejections(id),
        });
      }
    }
    return Promise.resolve([...byId.values()]);
  };
}
