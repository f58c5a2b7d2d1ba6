/**
 * Shared pieces for the routing tests: a seeded random source (so "10,000 picks" is the same
 * 10,000 every run), a hand-moved clock, and routes parsed through the real schema.
 *
 * @module
 */
import { routeSchema } from "../../lib/config/schema.ts";
import type { RouteConfig } from "../../lib/config/schema.ts";
import { createRouter, type ResolvedRoute } from "../../lib/router/router.ts";

/** mulberry32: a tiny, well-distributed 32-bit PRNG; uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Clock {
  constructor(public t = 1_700_000_000_000) {}
  now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export function route(raw: Record<string, unknown>): RouteConfig {
  return routeSchema.parse(raw);
}

/** A route resolved for `model` by the real router. */
export function resolve(raw: Record<string, unknown>, model = "m"): ResolvedRoute {
  return createRouter([route(raw)])(model)!;
}
