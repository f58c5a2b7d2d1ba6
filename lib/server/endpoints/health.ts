/**
 * Liveness and readiness. Liveness says the process answers; readiness says this instance
 * should get traffic: config loaded, not draining, and every routed provider has its key.
 *
 * @module
 */
import { routeProviders } from "../../router/route_targets.ts";
import { UPSTREAMS } from "../pipeline/upstreams.ts";
import type { StoreHealth } from "../../state/guarded_store.ts";
import type { Runtime } from "../runtime.ts";

export function livenessResponse(): Response {
  return Response.json({ status: "ok" });
}

export function readinessProblems(runtime: Runtime | undefined, draining: boolean): string[] {
  if (!runtime) return ["config not loaded"];
  const problems: string[] = [];
  if (draining) problems.push("draining: shutting down");
  const routed = new Set(runtime.config.routes.flatMap(routeProviders));
  for (const name of routed) {
    const provider = runtime.providers.get(name);
    const needsKey = provider && UPSTREAMS[provider.type].needsKey &&
      (provider.api_key_env !== undefined || provider.api_key_file !== undefined ||
        provider.api_key !== undefined);
    if (needsKey && !provider.apiKey) problems.push(`provider ${name} has no API key`);
  }
  return problems;
}

/**
 * With a shared state store, `state` reports it. A store that is down makes the instance not
 * ready only under `fail_closed` (it refuses limited traffic anyway); under `fail_open` it
 * serves on, and says so.
 */
export function readinessResponse(
  runtime: Runtime | undefined,
  draining: boolean,
  store?: StoreHealth,
): Response {
  const problems = readinessProblems(runtime, draining);
  if (store && !store.available && store.onUnavailable === "fail_closed") {
    problems.push(`state store (${store.backend}) unavailable; on_unavailable = fail_closed`);
  }
  const state = store && {
    backend: store.backend,
    status: store.available ? "available" : "unavailable",
    on_unavailable: store.onUnavailable,
  };
  if (problems.length > 0) {
    return Response.json({ status: "not ready", problems, state }, { status: 503 });
  }
  return Response.json({ status: "ready", state });
}
