/**
 * A resolved route → the ordered list of upstreams one request tries: the pool's targets in the
 * order its strategy picks them, then the route's fallback providers.
 *
 * - `weighted`: weighted random order (sampling without replacement).
 * - `latency`: power of two choices on the EWMA of time to first byte (scaled by requests in
 *   flight); the rest follow fastest first. Two random candidates rather than the global best,
 *   so many instances do not all stampede the one target that looked fastest a moment ago.
 * - `least_busy`: fewest requests in flight, ties broken at random.
 *
 * Ejected targets are left out; when every target is ejected the least-bad one (whose cooldown
 * ends first) is still tried rather than failing fast. Pure apart from `stats` and `random`.
 *
 * @module
 */
import type { PoolStrategy } from "../config/schema.ts";
import type { ResolvedRoute } from "./router.ts";
import { type RouteTarget, routeTargets, targetModel } from "./route_targets.ts";
import type { EjectionSettings, TargetStats } from "./target_stats.ts";

export interface PlannedAttempt {
  provider: string;
  model: string;
  /** `provider/model`: the deployment whose stats this attempt feeds (targets only). */
  targetId?: string;
  /** The one trial request after an ejection cooldown. */
  probe: boolean;
  role: "target" | "fallback";
}

interface Candidate {
  target: RouteTarget;
  id: string;
  model: string;
  probe: boolean;
}

export function ejectionSettings(resolved: ResolvedRoute): EjectionSettings {
  return {
    failures: resolved.route.eject_after_failures,
    cooldownMs: resolved.route.eject_cooldown_secs * 1000,
  };
}

export function planAttempts(
  resolved: ResolvedRoute,
  stats: TargetStats,
  random: () => number,
): PlannedAttempt[] {
  const { route, clientModel } = resolved;
  const settings = ejectionSettings(resolved);
  const all = routeTargets(route).map((target): Candidate => {
    const model = targetModel(target, route, clientModel);
    return { target, id: `${target.provider}/${model}`, model, probe: false };
  });
  const admitted: Candidate[] = [];
  for (const c of all) {
    const admission = stats.admission(c.id, settings);
    if (admission !== "ejected") admitted.push({ ...c, probe: admission === "probe" });
  }
  const ordered = admitted.length > 0
    ? orderBy(route.strategy, admitted, stats, random)
    : [leastBad(all, stats)];
  const fallbackModel = route.rewrite_model ?? clientModel;
  return [
    ...ordered.map((c): PlannedAttempt => ({
      provider: c.target.provider,
      model: c.model,
      targetId: c.id,
      probe: c.probe,
      role: "target",
    })),
    ...route.fallback_providers.map((provider): PlannedAttempt => ({
      provider,
      model: fallbackModel,
      probe: false,
      role: "fallback",
    })),
  ];
}

function orderBy(
  strategy: PoolStrategy,
  candidates: Candidate[],
  stats: TargetStats,
  random: () => number,
): Candidate[] {
  if (candidates.length === 1) return candidates;
  switch (strategy) {
    case "weighted":
      return weightedOrder(candidates, random);
    case "latency":
      return twoChoices(candidates, (c) => stats.latencyScore(c.id), random);
    case "least_busy":
      return leastBusyOrder(candidates, stats, random);
    default: {
      const never: never = strategy;
      return never;
    }
  }
}

/** Weighted random sampling without replacement: the first pick is `weight / total` likely. */
export function weightedOrder<T extends { target: { weight: number } }>(
  items: readonly T[],
  random: () => number,
): T[] {
  const left = [...items];
  const out: T[] = [];
  while (left.length > 0) {
    const total = left.reduce((sum, c) => sum + c.target.weight, 0);
    let point = random() * total;
    let i = 0;
    while (i < left.length - 1 && point >= left[i].target.weight) {
      point -= left[i].target.weight;
      i++;
    }
    out.push(left.splice(i, 1)[0]);
  }
  return out;
}

/** Power of two choices for the first pick; the rest by score, lowest first. */
function twoChoices<T>(items: readonly T[], score: (item: T) => number, random: () => number): T[] {
  const a = Math.floor(random() * items.length);
  let b = Math.floor(random() * (items.length - 1));
  if (b >= a) b++;
  const first = score(items[b]) < score(items[a]) ? b : a;
  const rest = items.filter((_, i) => i !== first).sort((x, y) => score(x) - score(y));
  return [items[first], ...rest];
}

function leastBusyOrder(items: Candidate[], stats: TargetStats, random: () => number): Candidate[] {
  // A random rotation first, so a stable sort breaks ties at random.
  const start = Math.floor(random() * items.length);
  const rotated = [...items.slice(start), ...items.slice(0, start)];
  return rotated.sort((x, y) => stats.get(x.id).inFlight - stats.get(y.id).inFlight);
}

/** Every target ejected: the one whose cooldown ends first (fewest failures on a tie). */
function leastBad(all: Candidate[], stats: TargetStats): Candidate {
  const rank = (c: Candidate) => stats.get(c.id);
  return all.reduce((best, c) => {
    const x = rank(c);
    const y = rank(best);
    const sooner = (x.ejectedUntil ?? 0) - (y.ejectedUntil ?? 0);
    return sooner < 0 || (sooner === 0 && x.failures < y.failures) ? c : best;
  });
}
