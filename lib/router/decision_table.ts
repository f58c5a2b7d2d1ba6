/**
 * The routing decision table `ferryllm check-config` prints: every route in the order the router
 * tries it (conditional routes in file order, then exact, longest prefix, `*`), with its
 * conditions, its targets and their shares, and its fallbacks. Built from the same pieces the
 * router uses, so the table cannot disagree with what runs.
 *
 * @module
 */
import type { Config, RouteConfig } from "../config/schema.ts";
import { describeWhen } from "./conditions.ts";
import { routeTargets } from "./route_targets.ts";

export interface DecisionRow {
  /** Position in `[[routes]]`. */
  index: number;
  route: RouteConfig;
}

/** Routes in the order the router considers them. */
export function decisionOrder(config: Config): DecisionRow[] {
  const rows = config.routes.map((route, index) => ({ route, index }));
  const rank = ({ route }: DecisionRow) =>
    route.when ? 0 : route.match === "*" ? 3 : route.match_type === "exact" ? 1 : 2;
  return rows.sort((a, b) =>
    rank(a) - rank(b) ||
    (rank(a) === 2 ? b.route.match.length - a.route.match.length : 0) ||
    a.index - b.index
  );
}

export function decisionTable(config: Config): string[] {
  const lines = [
    "routing decision table (first match wins: conditional routes in file order, then exact,",
    "longest prefix, *):",
  ];
  decisionOrder(config).forEach((row, n) => {
    const { route, index } = row;
    const kind = route.match === "*" ? "catch-all" : route.match_type;
    const at = `routes[${index}]`.padEnd(11);
    lines.push(
      `  ${String(n + 1).padStart(2)}. ${at} ${route.match.padEnd(24)} ${kind.padEnd(9)} → ${
        describeTargets(route)
      }`,
    );
    if (route.when) {
      lines.push(`      when ${describeWhen(route.when).join(" and ") || "always"}`);
    }
    if (route.fallback_providers.length > 0) {
      const model = route.rewrite_model ? `model → ${route.rewrite_model}` : "model unchanged";
      lines.push(`      then fallbacks: ${route.fallback_providers.join(", ")} (${model})`);
    }
    if (route.list_as?.length) lines.push(`      listed as: ${route.list_as.join(", ")}`);
  });
  return lines;
}

/** `openai (model gpt-5.5)` or `pool weighted: a gpt-5.5 75%, b gpt-5.5 25%`. */
export function describeTargets(route: RouteConfig): string {
  const targets = routeTargets(route);
  const modelOf = (model: string | undefined) => {
    const name = model ?? route.rewrite_model;
    return name ? `model → ${name}` : "model unchanged";
  };
  if (!route.targets) return `${targets[0].provider} (${modelOf(undefined)})`;
  const total = targets.reduce((sum, t) => sum + t.weight, 0);
  const parts = targets.map((t) => {
    const share = route.strategy === "weighted"
      ? ` ${Math.round((t.weight / total) * 1000) / 10}%`
      : "";
    return `${t.provider} (${modelOf(t.model)})${share}`;
  });
  return `pool ${route.strategy}: ${parts.join(", ")}`;
}
