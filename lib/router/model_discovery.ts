/**
 * The model names a client can ask for and get routed, for `GET /v1/models` and its Anthropic and
 * Gemini forms: exact routes, the names a route declares with `list_as`, and the provider
 * `models` that a prefix route (or `*`) takes. Every candidate is checked against the router, so
 * the list never holds a name that would 404. Nothing is fetched from upstreams: the list is what
 * this gateway routes, not what providers happen to offer today.
 *
 * @module
 */
import { routeMatches } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { Router } from "./router.ts";
import { routeTargets } from "./route_targets.ts";

export function routableModels(config: Config, router: Router): string[] {
  const models = new Map<string, string[]>();
  for (const p of config.providers) models.set(p.name, p.models ?? []);
  const names = new Set<string>();
  for (const route of config.routes) {
    for (const name of route.list_as ?? []) names.add(name);
    if (route.when) continue; // conditional routes answer only some requests for a name
    if (route.match_type === "exact" && route.match !== "*") {
      names.add(route.match);
      continue;
    }
    for (const target of routeTargets(route)) {
      for (const model of models.get(target.provider) ?? []) {
        if (routeMatches(route, model)) names.add(model);
      }
    }
  }
  return [...names].filter((name) => router(name) !== undefined).sort();
}
