/**
 * Usage counters per key × provider × model × UTC day, in the state store: one hash per day
 * (`usage:YYYY-MM-DD`) whose fields are `key \t provider \t model \t metric`, added to in one
 * atomic step per request. Queries read one hash per day of the range.
 *
 * @module
 */
import type { Usage } from "../ir/usage.ts";
import type { StateStore } from "../state/store.ts";

/** Usage is kept for 400 days: a year of monthly reports and some slack. */
const USAGE_TTL_MS = 400 * 86_400_000;

export const METRICS = [
  "requests",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "cost_usd",
] as const;

export type Totals = Record<(typeof METRICS)[number], number>;
export type GroupBy = "model" | "day" | "key";

export interface UsageEntry {
  key: string;
  provider: string;
  model: string;
  usage: Usage;
  costUsd: number;
}

export interface UsageQuery {
  from: string;
  to: string;
  key?: string;
  groupBy: GroupBy;
}

export interface UsageGroup extends Totals {
  key?: string;
  model?: string;
  provider?: string;
  day?: string;
}

export function utcDay(at: number): string {
  // Every finished request asks; the answer changes once a day.
  if (at >= today.start && at < today.start + DAY_MS) return today.day;
  const day = new Date(at).toISOString().slice(0, 10);
  if (Number.isFinite(at)) today = { start: at - (((at % DAY_MS) + DAY_MS) % DAY_MS), day };
  return day;
}

const DAY_MS = 86_400_000;
let today = { start: NaN, day: "" };

export function emptyTotals(): Totals {
  return Object.fromEntries(METRICS.map((m) => [m, 0])) as Totals;
}

export class UsageStore {
  constructor(private readonly store: StateStore) {}

  async add(day: string, entry: UsageEntry): Promise<void> {
    const prefix = [entry.key, entry.provider, entry.model].map(clean).join("\t");
    const values: Totals = {
      requests: 1,
      input_tokens: entry.usage.inputTokens,
      output_tokens: entry.usage.outputTokens,
      cache_read_tokens: entry.usage.cacheReadTokens,
      cache_write_tokens: entry.usage.cacheWriteTokens,
      reasoning_tokens: entry.usage.reasoningTokens,
      cost_usd: entry.costUsd,
    };
    const increments: Record<string, number> = {};
    for (const metric of METRICS) {
      if (values[metric] !== 0 || metric === "requests") {
        increments[`${prefix}\t${metric}`] = values[metric];
      }
    }
    await this.store.addToHash(`usage:${day}`, increments, USAGE_TTL_MS);
  }

  /** Totals per group over the days `from`..`to` (inclusive), sorted by group. */
  async query(query: UsageQuery): Promise<{ groups: UsageGroup[]; total: Totals }> {
    const groups = new Map<string, UsageGroup>();
    const total = emptyTotals();
    for (const day of daysBetween(query.from, query.to)) {
      const hash = await this.store.readHash(`usage:${day}`);
      for (const [field, text] of Object.entries(hash)) {
        const [key, provider, model, metric] = field.split("\t");
        if (query.key !== undefined && key !== query.key) continue;
        if (!(METRICS as readonly string[]).includes(metric)) continue;
        const label = query.groupBy === "day"
          ? { day }
          : query.groupBy === "key"
          ? { key }
          : { provider, model };
        const id = JSON.stringify(label);
        let group = groups.get(id);
        if (!group) groups.set(id, group = { ...label, ...emptyTotals() });
        const value = Number(text);
        group[metric as keyof Totals] += value;
        total[metric as keyof Totals] += value;
      }
    }
    return {
      groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => g),
      total,
    };
  }
}

/** Every UTC day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += 86_400_000
  ) {
    days.push(utcDay(t));
  }
  return days;
}

/** Field separators cannot appear inside a part. */
function clean(part: string): string {
  return part.replaceAll("\t", " ");
}
