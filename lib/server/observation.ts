/**
 * The gateway's views of itself beyond logs and `/metrics`: the request feed that the dashboard
 * (`/ui`) and the trace exporter subscribe to, built once per handler.
 *
 * @module
 */
import { createDashboard, type Dashboard, type GatewayControl } from "../dashboard/mod.ts";
import type { PoolStateSource } from "../dashboard/pool_source.ts";
import type { RouteExplainer } from "../dashboard/route_explainer.ts";
import type { UsageSource } from "../dashboard/usage_source.ts";
import type { GatewayMetrics } from "../observability/gateway_metrics.ts";
import { Counter } from "../observability/metrics.ts";
import { createRequestFeed, type RequestFeed } from "../observability/request_feed.ts";
import { createTracing, type Tracing } from "../tracing/mod.ts";
import type { OpsEventSink } from "../observability/ops_event.ts";
import { ejectionCounter, poolSource, routingExplainer } from "../dashboard/routing_sources.ts";
import type { GatewayDeps } from "./deps.ts";

/** The environment variable holding the admin key; unset keeps `/ui` off. */
export const ADMIN_KEY_ENV = "FERRYLLM_ADMIN_KEY";

export interface ObservationOptions {
  env: (name: string) => string | undefined;
  draining: () => boolean;
  control?: GatewayControl;
  usage?: UsageSource;
  explainRoute?: RouteExplainer;
  pools?: PoolStateSource;
  /** Where trace exports go (tests point it at a receiver); the global fetch otherwise. */
  traceFetch?: typeof fetch;
}

export interface Observation {
  feed: RequestFeed;
  /** Operational events the dashboard counts (pool ejections). */
  event: OpsEventSink;
  tracing: Tracing;
  dashboard: Dashboard;
}

export function createObservation(
  deps: GatewayDeps,
  metrics: GatewayMetrics,
  options: ObservationOptions,
): Observation {
  const feed = createRequestFeed();
  const dropped = metrics.registry.register(
    new Counter(
      "ferryllm_trace_spans_dropped_total",
      "Spans not exported: the queue was full or the collector failed.",
      ["reason"],
    ),
  );
  const tracing = createTracing({
    config: () => deps.runtime().config,
    env: options.env,
    log: () => deps.log,
    fetch: options.traceFetch,
    onDrop: (reason, count) => dropped.inc({ reason }, count),
  });
  feed.subscribe(tracing.observe);
  tracing.enabled(); // reads the settings now, so "tracing on" is logged at start
  const ejections = ejectionCounter();
  const dashboard = createDashboard({
    deps,
    feed,
    adminKey: () => options.env(ADMIN_KEY_ENV),
    draining: options.draining,
    control: options.control,
    usage: options.usage,
    explainRoute: options.explainRoute ?? routingExplainer(deps.routing.stats),
    pools: options.pools ?? poolSource(deps.runtime, deps.routing.stats, ejections.count),
    tracing: tracing.enabled,
  });
  return { feed, event: ejections.event, tracing, dashboard };
}
