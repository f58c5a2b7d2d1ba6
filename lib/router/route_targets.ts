/**
 * A route's targets in one shape: `provider = "x"` (+ `rewrite_model`) is a one-target pool, and
 * `targets = [...]` lists several. Everything downstream (selection, fallback, listing, the
 * decision table) reads this list and never the two config spellings.
 *
 * @module
 */
import type { RouteConfig } from "../config/schema.ts";

export interface RouteTarget {
  provider: string;
  /** The model this target receives, when the target names one; else the route decides. */
  model?: string;
  weight: number;
}

export function routeTargets(route: RouteConfig): RouteTarget[] {
  if (route.targets) return route.targets;
  return [{ provider: route.provider!, weight: 1 }];
}

/** Every provider a route may send to: its targets, then its fallbacks. */
export function routeProviders(route: RouteConfig): string[] {
  return [...routeTargets(route).map((t) => t.provider), ...route.fallback_providers];
}

/** The model a target receives: its own, else the route's rewrite, else the client's name. */
export function targetModel(
  target: { model?: string },
  route: RouteConfig,
  clientModel: string,
): string {
  return target.model ?? route.rewrite_model ?? clientModel;
}
