/**
 * `createHandler(options) → (Request) => Promise<Response>`: the whole gateway as one
 * web-standard fetch handler, runnable unchanged on Deno, Bun and Workers.
 *
 * @module
 */
import type { LoadedConfig } from "../config/load.ts";
import type { IrRequest } from "../ir/request.ts";
import { accessLog } from "../observability/access_log.ts";
import { cacheObservationLog } from "../observability/cache_observation.ts";
import { createGatewayMetrics, type GatewayMetrics } from "../observability/gateway_metrics.ts";
import { EXPOSITION_CONTENT_TYPE } from "../observability/metrics.ts";
import type { OpsEvent, OpsEventSink } from "../observability/ops_event.ts";
import { fanOut, type RequestObserver } from "../observability/request_record.ts";
import { handleAdmin } from "../admin/admin_api.ts";
import { createRoutingState } from "../router/routing_state.ts";
import { MemoryStore } from "../state/memory_store.ts";
import { type SharedState, sharedState } from "../state/shared_state.ts";
import { budgetMiddleware } from "../usage/budget_middleware.ts";
import { usageRecorder } from "../usage/usage_recorder.ts";
import type { StateStore } from "../state/store.ts";
import { estimateTokensLazily } from "../tokens/estimate.ts";
import { VERSION } from "../version.ts";
import { handleCountTokens } from "./endpoints/count_tokens.ts";
import { handleTokenCount } from "./endpoints/token_count_endpoints.ts";
import { type GatewayDeps, randomId } from "./deps.ts";
import { type GatewayLogger, silentLogger } from "../observability/gateway_logger.ts";
import { matchRoute } from "./routes.ts";
import { refuse } from "./error_response.ts";
import { GatewayError } from "../ir/error.ts";
import { boundedText, errorSummary } from "../observability/bounded_text.ts";
import { createScope, type RequestScope } from "./scope.ts";
import { livenessResponse, readinessResponse } from "./endpoints/health.ts";
import { handleModelRequest } from "./pipeline/model_request.ts";
import { bodyArrivalMiddleware } from "./middleware/body_arrival.ts";
import { authMiddleware, type EnvReader } from "./middleware/auth.ts";
import { compose, type ScopedHandler } from "./middleware/compose.ts";
import { originGuardMiddleware } from "./middleware/origin_guard.ts";
import { concurrencyMiddleware } from "./middleware/concurrency_limit.ts";
import { rateLimitMiddleware } from "./middleware/rate_limit.ts";
import { modelResponse, modelsResponse } from "./endpoints/models_list.ts";
import { handleAdminRoute } from "./admin/admin_routes.ts";
import { buildRuntime, type Runtime } from "./runtime.ts";
import { isUiPath } from "../dashboard/mod.ts";
import type { Tracing } from "../tracing/mod.ts";
import { createObservation, type ObservationOptions } from "./observation.ts";

export type FetchHandler = (request: Request) => Promise<Response>;

export interface HandlerOptions {
  /** A loaded config, or a getter returning the current one (hot reload). */
  config: LoadedConfig | (() => LoadedConfig);
  fetch?: typeof fetch;
  now?: () => number;
  newId?: (prefix: string) => string;
  store?: StateStore;
  observe?: RequestObserver;
  log?: GatewayLogger;
  countTokens?: (ir: IrRequest) => Promise<number>;
  sleep?: (ms: number) => Promise<void>;
  /** True while shutting down: readiness fails so load balancers stop sending traffic. */
  isDraining?: () => boolean;
  /** Limit, breaker and retry events, besides the built-in metrics. */
  events?: OpsEventSink;
  random?: () => number;
  /** The metrics registry `/metrics` serves; one is created when absent. */
  metrics?: GatewayMetrics;
  /** Reads `[auth] api_keys_env`; defaults to the process environment. */
  env?: EnvReader;
  /**
   * The host the server listens on (`serve` passes it). On a loopback host, requests whose
   * `Host` is not a loopback name are refused unless `[server] allowed_hosts` lists them.
   */
  listenHost?: string;
  /** Dashboard and tracing extras: reload control, usage/route/pool sources, export fetch. */
  observation?: Omit<ObservationOptions, "env" | "draining">;
}

/** The fetch handler, with the trace exporter to flush or close on shutdown. */
export type GatewayHandler = FetchHandler & { tracing: Tracing };

/**
 * Builds the gateway's fetch handler.
 *
 * @example
 * ```ts
 * import { createHandler, loadConfig } from "@ferryllm/ferryllm";
 * const config = loadConfig(tomlText, "ferryllm.toml", { env: Deno.env.get, readFile: Deno.readTextFileSync });
 * Deno.serve(createHandler({ config }));
 * ```
 */
export function createHandler(options: HandlerOptions): GatewayHandler {
  const unguarded = gatewayDeps(options);
  const metrics = options.metrics ?? createGatewayMetrics(() => unguarded.runtime().config);
  const draining = options.isDraining ?? (() => false);
  const env = options.env ?? processEnv;
  // The dashboard counts events too (pool ejections); it is built once the store is guarded.
  let dashboardEvent: OpsEventSink = () => {};
  const events = fanOut<OpsEvent>(metrics.event, options.events, (e) => dashboardEvent(e));
  const state = sharedState(unguarded, events);
  // Everything shared goes through the guarded store, routing state (pools, key rotation) too.
  const base = {
    ...unguarded,
    store: state.store,
    routing: createRoutingState(state.store, unguarded.now),
  };
  const seen = createObservation(base, metrics, { ...options.observation, env, draining });
  dashboardEvent = seen.event;
  const deps: GatewayDeps = {
    ...base,
    observe: fanOut(
      accessLog(() => base.log),
      cacheObservationLog(() => base.log),
      metrics.observe,
      usageRecorder(base, metrics.registry),
      base.observe,
      seen.feed.publish,
    ),
    events,
    traceRequests: seen.tracing.enabled,
  };
  const guard = originGuardMiddleware(deps, options.listenHost);
  // Outermost first: who may call, what they may still spend, how often, how many at once.
  const gateway = scoped(
    compose([
      guard,
      authMiddleware(deps, env, deps.events),
      budgetMiddleware(deps, deps.events),
      rateLimitMiddleware(deps, deps.events),
      bodyArrivalMiddleware(deps),
      concurrencyMiddleware(deps, deps.events, (delta) => metrics.inFlight.add({}, delta)),
    ], (scope) => serve(scope, deps, draining, metrics, { state, env })),
    deps,
  );
  // `/ui` has its own sign-in and is not model traffic: no gateway key, limits or slots.
  const ui = scoped(compose([guard], (scope) => seen.dashboard(scope.request)), deps);
  const handler = (request: Request) => {
    const url = new URL(request.url); // parsed once per request
    return isUiPath(url.pathname) ? ui(request, url) : gateway(request, url);
  };
  return Object.assign(handler, { tracing: seen.tracing });
}

function processEnv(name: string): string | undefined {
  const process = (globalThis as { process?: { env: Record<string, string | undefined> } })
    .process;
  return process?.env[name];
}

export function gatewayDeps(options: HandlerOptions): GatewayDeps {
  const current = runtimeGetter(options.config);
  const now = options.now ?? (() => performance.timeOrigin + performance.now());
  const store = options.store ?? new MemoryStore();
  return {
    runtime: current,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    now,
    newId: options.newId ?? randomId,
    store,
    observe: options.observe ?? (() => {}),
    log: options.log ?? silentLogger,
    countTokens: options.countTokens ?? estimateTokensLazily,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    events: options.events ?? (() => {}),
    random: options.random ?? Math.random,
    routing: createRoutingState(store, now),
  };
}

/** Rebuilds the runtime only when the config object changes (a reload), not per request. */
function runtimeGetter(config: HandlerOptions["config"]): () => Runtime {
  if (typeof config !== "function") {
    const runtime = buildRuntime(config);
    return () => runtime;
  }
  let last: LoadedConfig | undefined;
  let runtime: Runtime | undefined;
  return () => {
    const loaded = config();
    if (loaded !== last) {
      last = loaded;
      runtime = buildRuntime(loaded);
    }
    return runtime!;
  };
}

/** The endpoint the route table matched, or the 404 in the path's protocol shape. */
async function serve(
  scope: RequestScope,
  deps: GatewayDeps,
  draining: () => boolean,
  metrics: GatewayMetrics,
  team: { state: SharedState; env: EnvReader },
): Promise<Response> {
  const { endpoint, invalid } = scope.route;
  if (!endpoint) {
    const admin = await handleAdmin(scope, deps, team.env);
    if (admin) return admin;
  }
  if (invalid) return refuse(scope, invalid);
  switch (endpoint?.kind) {
    case "model":
      return await handleModelRequest(scope, endpoint, deps);
    case "count_tokens":
      return await handleCountTokens(scope, deps);
    case "token_count":
      return await handleTokenCount(scope, endpoint.target, deps);
    case "liveness":
      return livenessResponse();
    case "readiness":
      return readinessResponse(deps.runtime(), draining(), await team.state.health());
    case "models":
      return modelsResponse(
        scope.request,
        scope.url,
        endpoint.gemini,
        deps.runtime(),
        deps.now(),
        scope.caller,
      );
    case "about":
      return Response.json({ name: "ferryllm", version: VERSION });
    case "metrics":
      if (!deps.runtime().config.metrics.enabled) break;
      return new Response(metrics.render(), {
        headers: { "content-type": EXPOSITION_CONTENT_TYPE },
      });
    case "model_info":
      return modelResponse(scope.request, endpoint, deps.runtime(), deps.now(), scope.caller);
    case "admin_route":
      return await handleAdminRoute(scope, deps, team.env);
    case undefined:
      break;
  }
  return refuse(
    scope,
    new GatewayError({
      status: 404,
      kind: "not_found",
      message: `no route for ${scope.request.method} ${boundedText(scope.url.pathname, 200)}`,
      local: true,
    }),
  );
}

/**
 * The outermost layer: one scope per request, ended when the answer is out (a stream ends it
 * later). It is also the last line of defence: a failure nothing else caught still answers in
 * the caller's protocol shape, never the runtime's bare 500.
 */
function scoped(
  handler: ScopedHandler,
  deps: GatewayDeps,
): (request: Request, url: URL) => Promise<Response> {
  return async (request, url) => {
    const scope = createScope(request, matchRoute(request.method, url.pathname), deps.newId, url);
    try {
      const response = await handler(scope);
      scope.responded();
      return response;
    } catch (error) {
      scope.end();
      // A policy that cannot decide (the state store is down under fail_closed) says so.
      if (error instanceof GatewayError) return refuse(scope, error);
      deps.log.error("unhandled failure", { kind: "internal", error: errorSummary(error) });
      return refuse(
        scope,
        new GatewayError({
          status: 500,
          kind: "api_error",
          message: "internal error in the gateway",
          local: true,
        }),
      );
    }
  };
}
