/**
 * Model name (and, for conditional routes, the request) → route.
 *
 * Routes with `[routes.when]` conditions are tried first, in file order; the first whose match
 * takes the model and whose conditions all hold wins. Otherwise plain routes decide by model
 * name alone: exact matches beat prefixes, the longest prefix wins, `*` comes last.
 *
 * @module
 */
import { routeMatches } from "../config/load.ts";
import { GatewayError } from "../ir/error.ts";
import type { RouteConfig } from "../config/schema.ts";
import { compileWhen, describeWhen, type RequestCondition } from "./conditions.ts";
import { type RequestFacts, viewFacts } from "./request_facts.ts";
import { routeTargets, targetModel } from "./route_targets.ts";

export interface ResolvedRoute {
  /** The model the client asked for. */
  clientModel: string;
  /** The model the first target receives (`rewrite_model`, the target's `model`, or the client's). */
  upstreamModel: string;
  /** The first target's provider: the one a one-target route always uses. */
  provider: string;
  fallbackProviders: string[];
  /** The route's `match`, for logs and `check-config`. */
  matched: string;
  matchType: "exact" | "prefix" | "catch_all" | "conditional";
  /** The route as configured (targets, strategy, ejection settings). */
  route: RouteConfig;
  /** Its position in `[[routes]]`, so pools keep per-route state and rules can be named. */
  index: number;
  /** Why: `routes[2] (match "claude-", when has_images = true)`. */
  rule: string;
}

/** `facts` absent (model listing, count_tokens): conditional routes are not considered. */
export type Router = (model: string, facts?: RequestFacts) => ResolvedRoute | undefined;

interface ConditionalRoute {
  route: RouteConfig;
  index: number;
  test: RequestCondition;
}

/** The 404 for a model no route takes, in words that say what to add. */
export function noRouteFor(model: string): GatewayError {
  return new GatewayError({
    status: 404,
    kind: "not_found",
    message: `model "${model}" has no route: add a [[routes]] entry that matches it`,
    local: true,
  });
}

export function createRouter(routes: readonly RouteConfig[]): Router {
  const exact = new Map<string, number>();
  const prefixes: number[] = [];
  const conditional: ConditionalRoute[] = [];
  let catchAll: number | undefined;
  routes.forEach((route, index) => {
    if (route.when) conditional.push({ route, index, test: compileWhen(route.when) });
    else if (route.match === "*") catchAll ??= index;
    else if (route.match_type === "exact") {
      if (!exact.has(route.match)) exact.set(route.match, index);
    } else prefixes.push(index);
  });
  // Longest first, so the first hit is the most specific; stable for equal lengths.
  prefixes.sort((a, b) => routes[b].match.length - routes[a].match.length);

  return (model, facts) => {
    if (facts && conditional.length > 0) {
      const view = viewFacts(facts);
      for (const c of conditional) {
        if (routeMatches(c.route, model) && c.test(view)) {
          return resolved(model, c.route, c.index, "conditional");
        }
      }
    }
    const hit = exact.get(model);
    if (hit !== undefined) return resolved(model, routes[hit], hit, "exact");
    const prefix = prefixes.find((i) => model.startsWith(routes[i].match));
    if (prefix !== undefined) return resolved(model, routes[prefix], prefix, "prefix");
    if (catchAll !== undefined) return resolved(model, routes[catchAll], catchAll, "catch_all");
    return undefined;
  };
}

function resolved(
  model: string,
  route: RouteConfig,
  index: number,
  matchType: ResolvedRoute["matchType"],
): ResolvedRoute {
  const first = routeTargets(route)[0];
  return {
    clientModel: model,
    upstreamModel: targetModel(first, route, model),
    provider: first.provider,
    fallbackProviders: route.fallback_providers,
    matched: route.match,
    matchType,
    route,
    index,
    rule: describeRule(route, index),
  };
}

/** `routes[2] (match "claude-" prefix, when has_images = true)`. */
export function describeRule(route: RouteConfig, index: number): string {
  const kind = route.match === "*" ? "catch-all" : route.match_type;
  const when = route.when ? `, when ${describeWhen(route.when).join(" and ")}` : "";
  return `routes[${index}] (match "${route.match}" ${kind}${when})`;
}
