/**
 * Usage and budget per named key, as the dashboard shows it. The dashboard asks a
 * `UsageSource`; until the gateway has a usage store of its own, `recordUsageSource` counts what
 * this instance saw since it started, per key name (or key hash), without budgets.
 *
 * @module
 */
import type { RequestRecord } from "../observability/request_record.ts";
import type { BudgetLine, KeyRow as KeyUsage } from "./web/types.ts";

export type { BudgetLine, KeyUsage };

export interface UsageSource {
  /** A short name for where the figures come from, shown next to the table. */
  readonly description: string;
  keys(): Promise<KeyUsage[]>;
  /**
   * What one finished request cost, when prices are known (for the provider table); a promise
   * while the price table loads (the first lookup after startup).
   */
  costOf?(record: RequestRecord): number | undefined | Promise<number | undefined>;
}

/** Counts requests and tokens per key from this instance's own records. */
export function recordUsageSource(subscribe: (observe: (r: RequestRecord) => void) => void) {
  const byKey = new Map<string, KeyUsage>();
  subscribe((record) => {
    const key = record.keyName ?? record.keyHash ?? "anonymous";
    let usage = byKey.get(key);
    if (!usage) {
      if (byKey.size >= 1000) return; // keys are configured, so this bound is never reached
      byKey.set(key, usage = { key, requests: 0, inputTokens: 0, outputTokens: 0 });
    }
    usage.requests += 1;
    usage.inputTokens += record.usage?.inputTokens ?? 0;
    usage.outputTokens += record.usage?.outputTokens ?? 0;
  });
  const source: UsageSource = {
    description: "Counted by this instance since it started (no usage store configured)",
    keys: () =>
      Promise.resolve(
        [...byKey.values()].map((u) => ({ ...u })).sort((a, b) => a.key.localeCompare(b.key)),
      ),
  };
  return source;
}
