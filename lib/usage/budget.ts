/**
 * Budgets of named keys (`budget_usd_per_day`, `budget_usd_per_month`,
 * `budget_tokens_per_day`): checked before the upstream call, charged after it.
 *
 * Spend lives in two small hashes per key (`spend:<key>:YYYY-MM-DD` with `usd` and `tokens`,
 * `spend:<key>:YYYY-MM` with `usd`), charged in one atomic step each when a request finishes.
 * A request is admitted while the spend is below the budget, so the overshoot is bounded by
 * the cost of the requests already in flight when the budget ran out (each at most its
 * `max_tokens`).
 *
 * @module
 */
import type { KeyRules } from "../config/types.ts";
import { GatewayError } from "../ir/error.ts";
import type { Usage } from "../ir/usage.ts";
import type { StateStore } from "../state/store.ts";
import { utcDay } from "./usage_store.ts";

const DAY_TTL_MS = 2 * 86_400_000;
const MONTH_TTL_MS = 32 * 86_400_000;

export interface Spend {
  usdToday: number;
  tokensToday: number;
  usdThisMonth: number;
}

export function hasBudget(rules: KeyRules): boolean {
  return rules.budget_usd_per_day !== undefined || rules.budget_usd_per_month !== undefined ||
    rules.budget_tokens_per_day !== undefined;
}

/** Tokens a budget counts: everything in and out (cached input included). */
export function budgetTokens(usage: Usage): number {
  return usage.inputTokens + usage.outputTokens;
}

export async function readSpend(store: StateStore, key: string, now: number): Promise<Spend> {
  const [day, month] = await Promise.all([
    store.readHash(dayKey(key, now)),
    store.readHash(monthKey(key, now)),
  ]);
  return {
    usdToday: Number(day.usd ?? 0),
    tokensToday: Number(day.tokens ?? 0),
    usdThisMonth: Number(month.usd ?? 0),
  };
}

export async function chargeSpend(
  store: StateStore,
  key: string,
  now: number,
  usd: number,
  tokens: number,
): Promise<void> {
  await Promise.all([
    store.addToHash(dayKey(key, now), { usd, tokens }, DAY_TTL_MS),
    store.addToHash(monthKey(key, now), { usd }, MONTH_TTL_MS),
  ]);
}

/** The 429 for the first exhausted budget, or undefined while every budget has room. */
export function budgetRefusal(
  name: string,
  rules: KeyRules,
  spend: Spend,
  now: number,
): GatewayError | undefined {
  const checks: [keyof KeyRules, number | undefined, number, string, number][] = [
    ["budget_usd_per_day", rules.budget_usd_per_day, spend.usdToday, "USD", nextDay(now)],
    [
      "budget_tokens_per_day",
      rules.budget_tokens_per_day,
      spend.tokensToday,
      "tokens",
      nextDay(now),
    ],
    ["budget_usd_per_month", rules.budget_usd_per_month, spend.usdThisMonth, "USD", nextMonth(now)],
  ];
  for (const [field, budget, used, unit, resetsAt] of checks) {
    if (budget === undefined || used < budget) continue;
    const waitSeconds = Math.max(1, Math.ceil((resetsAt - now) / 1000));
    const reset = new Date(resetsAt).toISOString();
    return new GatewayError({
      status: 429,
      kind: "rate_limit",
      code: "budget_exceeded",
      message: `${field} of ${budget} ${unit} for gateway API key "${name}" is spent ` +
        `(${round(used)} ${unit} used); it resets at ${reset}`,
      retryAfter: String(waitSeconds),
      local: true,
    });
  }
  return undefined;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function dayKey(key: string, now: number): string {
  return `spend:${key}:${utcDay(now)}`;
}

function monthKey(key: string, now: number): string {
  return `spend:${key}:${utcDay(now).slice(0, 7)}`;
}

function nextDay(now: number): number {
  return Date.parse(`${utcDay(now)}T00:00:00Z`) + 86_400_000;
}

function nextMonth(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
