/**
 * Per provider × upstream model since the gateway started: requests, errors by kind, latency
 * quantiles, tokens and the prompt-cache hit ratio. Rows are capped so client-chosen model
 * names cannot grow memory without bound; past the cap, new pairs count under model "(other)".
 *
 * @module
 */
import type { RequestRecord } from "../observability/request_record.ts";
import { newHistogram, quantile, recordLatency } from "./latency_histogram.ts";
import type { ProviderModelRow } from "./web/types.ts";

const MAX_ROWS = 200;
export const OTHER_MODEL = "(other)";

interface Row {
  provider: string;
  model: string;
  requests: number;
  errors: Map<string, number>;
  latency: Uint32Array;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  costKnown: boolean;
}

export type { ProviderModelRow };

export class ProviderStats {
  readonly #rows = new Map<string, Row>();

  /** `costUsd`: what the usage source priced this request at, when it knows. */
  add(record: RequestRecord, costUsd?: number): void {
    if (!record.provider) return; // refused before routing: no provider to charge it to
    const row = this.#rowFor(record.provider, record.upstreamModel ?? "");
    row.requests += 1;
    if (record.errorKind && record.errorStatus !== 499) {
      row.errors.set(record.errorKind, (row.errors.get(record.errorKind) ?? 0) + 1);
    }
    if (record.totalMs !== undefined) recordLatency(row.latency, record.totalMs);
    if (record.usage) {
      row.inputTokens += record.usage.inputTokens;
      row.outputTokens += record.usage.outputTokens;
      row.cacheReadTokens += record.usage.cacheReadTokens;
    }
    if (costUsd !== undefined) {
      row.costUsd += costUsd;
      row.costKnown = true;
    }
  }

  rows(): ProviderModelRow[] {
    return [...this.#rows.values()].map((row) => ({
      provider: row.provider,
      model: row.model,
      requests: row.requests,
      errors: Object.fromEntries(row.errors),
      errorCount: [...row.errors.values()].reduce((a, b) => a + b, 0),
      p50Ms: quantile(row.latency, 0.5),
      p99Ms: quantile(row.latency, 0.99),
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      cacheHitRatio: row.inputTokens > 0 ? row.cacheReadTokens / row.inputTokens : undefined,
      costUsd: row.costKnown ? Math.round(row.costUsd * 1e6) / 1e6 : undefined,
    })).sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
  }

  #rowFor(provider: string, model: string): Row {
    let key = `${provider}\u0000${model}`;
    if (!this.#rows.has(key) && this.#rows.size >= MAX_ROWS) {
      model = OTHER_MODEL;
      key = `${provider}\u0000${model}`;
    }
    let row = this.#rows.get(key);
    if (!row) {
      row = {
        provider,
        model,
        requests: 0,
        errors: new Map(),
        latency: newHistogram(),
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        costUsd: 0,
        costKnown: false,
      };
      this.#rows.set(key, row);
    }
    return row;
  }
}
