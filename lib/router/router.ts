/**
 * Model name → route. Exact matches beat prefixes, the longest prefix wins, `*` comes last.
 *
 * @module
 */
import type { RouteConfig } from "../config/schema.ts";

export interface ResolvedRoute {
  /** The model the client asked for. */
  clientModel: string;
  /** The model the upstream receives (`rewrite_model` or the client's). */
  upstreamModel: string;
  provider: string;
  fallbackProviders: string[];
  /** The route's `match`, for logs and `check-config`. */
  matched: string;
  matchType: "exact" | "prefix" | "catch_all";
}

export type Router = (model: string) => ResolvedRoute | undefined;

export function createRouter(routes: readonly RouteConfig[]): Router {
  const exact = new Map<string, RouteConfig>();
  const prefixes: RouteConfig[] = [];
  let catchAll: RouteConfig | undefined;
  for (const route of routes) {
    if (route.match === "*") catchAll ??= route;
    else if (route.match_type === "exact") exact.set(route.match, route);
    else prefixes.push(route);
  }
  // Longest first, so the first hit is the most specific; stable for equal lengths.
  prefixes.sort((a, b) => b.match.length - a.match.length);

  return (model) => {
    const hit = exact.get(model);
    if (hit) return resolved(model, hit, "exact");
    const prefix = prefixes.find((r) => model.startsWith(r.match));
    if (prefix) return resolved(model, prefix, "prefix");
    if (catchAll) return resolved(model, catchAll, "catch_all");
    return undefined;
  };
}

function resolved(
  model: string,
  route: RouteConfig,
  matchType: ResolvedRoute["matchType"],
): ResolvedRoute {
  return {
    clientModel: model,
    upstreamModel: route.rewrite_model ?? model,
    provider: route.provider,
    fallbackProviders: route.fallback_providers,
    matched: route.match,
    matchType,
  };
}
