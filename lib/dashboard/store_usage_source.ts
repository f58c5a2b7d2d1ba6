/**
 * Usage and budgets per key from the gateway's usage store (shared across replicas on Redis):
 * this month's requests, tokens and cost per key, and for each named key (`[[keys]]` or the admin
 * API) every budget it has with what is spent and left. Read at most every 5 s, however often the
 * page polls, so a dashboard never loads the store.
 *
 * @module
 */
import type { KeyRules } from "../config/types.ts";
import { AdminKeys } from "../keys/admin_keys.ts";
import type { RequestRecord } from "../observability/request_record.ts";
import type { GatewayDeps } from "../server/deps.ts";
import { readSpend, type Spend } from "../usage/budget.ts";
import { type Cost, costOf } from "../usage/pricing.ts";
import { UsageStore, utcDay } from "../usage/usage_store.ts";
import type { BudgetLine, KeyUsage, UsageSource } from "./usage_source.ts";

const CACHE_MS = 5000;

export function storeUsageSource(
  deps: Pick<GatewayDeps, "runtime" | "store" | "now">,
): UsageSource {
  const usage = new UsageStore(deps.store);
  const admin = new AdminKeys(deps.store, deps.now);
  let cached: { at: number; rows: Promise<KeyUsage[]> } | undefined;

  const read = async (): Promise<KeyUsage[]> => {
    const now = deps.now();
    const today = utcDay(now);
    const { groups } = await usage.query({
      from: `${today.slice(0, 8)}01`,
      to: today,
      groupBy: "key",
    });
    const rows = new Map<string, KeyUsage>(groups.map((g) => [g.key ?? "", {
      key: g.key ?? "",
      requests: g.requests,
      inputTokens: g.input_tokens,
      outputTokens: g.output_tokens,
      costUsd: round(g.cost_usd),
      period: "this month (UTC)",
    }]));
    const named = [
      ...deps.runtime().config.keys.map((k) => ({ name: k.name, rules: k as KeyRules })),
      ...(await admin.list()).filter((k) => !k.revoked_at),
    ];
    await Promise.all(named.map(async ({ name, rules }) => {
      const row = rows.get(name) ??
        { key: name, requests: 0, inputTokens: 0, outputTokens: 0, period: "this month (UTC)" };
      row.budgets = budgetLines(rules, await readSpend(deps.store, name, now));
      rows.set(name, row);
    }));
    return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
  };

  return {
    description: "From the usage store (shared by every replica), this month",
    keys() {
      const now = deps.now();
      if (!cached || now - cached.at >= CACHE_MS) {
        cached = { at: now, rows: read() };
        cached.rows.catch(() => (cached = undefined));
      }
      return cached.rows;
    },
    costOf(record: RequestRecord) {
      if (!record.provider || !record.usage) return undefined;
      const runtime = deps.runtime();
      const provider = runtime.providers.get(record.provider);
      if (!provider) return undefined;
      const model = record.upstreamModel ?? record.clientModel ?? "";
      const cost = costOf(record.usage, provider, model, runtime.config.pricing, new Date());
      const usd = (known: Cost) => known.priced ? known.usd : undefined;
      return cost instanceof Promise ? cost.then(usd) : usd(cost);
    },
  };
}

function budgetLines(rules: KeyRules, spend: Spend): BudgetLine[] {
  const lines: BudgetLine[] = [];
  if (rules.budget_usd_per_day !== undefined) {
    lines.push({
      label: "USD per day",
      unit: "usd",
      limit: rules.budget_usd_per_day,
      used: round(spend.usdToday),
    });
  }
  if (rules.budget_usd_per_month !== undefined) {
    lines.push({
      label: "USD per month",
      unit: "usd",
      limit: rules.budget_usd_per_month,
      used: round(spend.usdThisMonth),
    });
  }
  if (rules.budget_tokens_per_day !== undefined) {
    lines.push({
      label: "tokens per day",
      unit: "tokens",
      limit: rules.budget_tokens_per_day,
      used: spend.tokensToday,
    });
  }
  return lines;
}

function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
