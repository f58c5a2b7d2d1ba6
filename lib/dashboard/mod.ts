/**
 * The built-in dashboard at `/ui`: served by the gateway process itself from assets bundled into
 * the code (`assets.generated.ts`), on only while `FERRYLLM_ADMIN_KEY` is set. It learns about
 * requests from the request feed, and reads usage, routes and pools through small sources so
 * richer implementations plug in without touching the page.
 *
 * @module
 */
import type { ProtocolId } from "../ir/content.ts";
import type { RequestFeed } from "../observability/request_feed.ts";
import type { RequestRecord } from "../observability/request_record.ts";
import type { GatewayDeps } from "../server/deps.ts";
import { AdminSessions } from "./admin_session.ts";
import type { GatewayControl } from "./gateway_control.ts";
import type { PoolStateSource } from "./pool_source.ts";
import { ProviderStats } from "./provider_stats.ts";
import { RecentRequests } from "./recent_requests.ts";
import { redactConfig } from "./redact_config.ts";
import { type RouteExplainer, type RouteQuestion, routerExplainer } from "./route_explainer.ts";
import { buildSnapshot } from "./snapshot.ts";
import { TrafficRing } from "./traffic_ring.ts";
import { handleUi } from "./ui_routes.ts";
import { recordUsageSource, type UsageSource } from "./usage_source.ts";

export { isUiPath } from "./ui_routes.ts";
export type { GatewayControl, ReloadOutcome } from "./gateway_control.ts";

export interface DashboardOptions {
  deps: Pick<GatewayDeps, "runtime" | "now" | "store">;
  feed: RequestFeed;
  adminKey: () => string | undefined;
  draining: () => boolean;
  control?: GatewayControl;
  usage?: UsageSource;
  explainRoute?: RouteExplainer;
  pools?: PoolStateSource;
  tracing?: () => boolean;
}

export type Dashboard = (request: Request) => Promise<Response>;

export function createDashboard(options: DashboardOptions): Dashboard {
  const { deps, feed } = options;
  const startedAt = deps.now();
  const traffic = new TrafficRing(startedAt);
  const providers = new ProviderStats();
  const recent = new RecentRequests();
  const sessions = new AdminSessions(options.adminKey, deps.now);
  // With the dashboard off, nothing is kept and each request costs one env lookup.
  const whileOn = (observe: (record: RequestRecord) => void) =>
    feed.subscribe((record) => {
      if (sessions.enabled()) observe(record);
    });
  const usage = options.usage ?? recordUsageSource(whileOn);
  whileOn((record) => {
    const failed = record.status >= 400 || record.errorKind !== undefined;
    // Counted when it ended (as Prometheus counters are): a long stream's start may lie
    // beyond the ring's 15 minutes.
    traffic.add(
      record.startedAt + (record.totalMs ?? 0),
      record.totalMs,
      record.firstByteMs,
      failed,
    );
    const cost = usage.costOf?.(record);
    if (cost instanceof Promise) {
      cost.then((usd) => providers.add(record, usd), () => providers.add(record));
    } else providers.add(record, cost);
    recent.add(record);
  });
  const explain = options.explainRoute ?? routerExplainer;

  const answer = (request: Request) =>
    handleUi(request, sessions, {
      snapshot: () =>
        buildSnapshot({
          deps,
          startedAt,
          draining: options.draining,
          control: options.control,
          traffic,
          providers,
          recent,
          usage,
          pools: options.pools,
          tracing: options.tracing ?? (() => false),
        }),
      config: () => ({
        source: deps.runtime().loaded.source,
        config: redactConfig(deps.runtime().config),
      }),
      routeTest: (body) => explain(routeQuestion(body), deps.runtime()),
      reload: () => {
        const reload = options.control?.reload;
        if (!reload) {
          return {
            status: 501,
            body: {
              ok: false,
              message: "this gateway was started without a config file to reload",
            },
          };
        }
        const outcome = reload();
        return { status: outcome.ok ? 200 : 422, body: outcome };
      },
    });
  // The page shows a failed poll as "cannot reach the gateway"; the reason stays in the server.
  return (request) =>
    answer(request).catch(() =>
      Response.json({ error: "the dashboard failed to answer" }, { status: 500 })
    );
}

const PROTOCOLS: ProtocolId[] = ["openai", "openai_responses", "anthropic", "gemini"];

function routeQuestion(body: unknown): RouteQuestion {
  const b = body as Record<string, unknown>;
  return {
    model: typeof b.model === "string" ? b.model.slice(0, 256) : "",
    protocol: PROTOCOLS.find((p) => p === b.protocol) ?? "openai",
    inputTokens: typeof b.inputTokens === "number" && b.inputTokens > 0
      ? Math.min(b.inputTokens, 2_000_000)
      : undefined,
    stream: b.stream === true,
    tools: b.tools === true,
    images: b.images === true,
    thinking: b.thinking === true,
  };
}
