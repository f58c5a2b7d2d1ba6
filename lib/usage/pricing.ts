/**
 * What a request cost in USD, from its token usage.
 *
 * Prices come from `@pydantic/genai-prices`: Pydantic's maintained price table (the one
 * Logfire bills with), bundled in the package so no request leaves the machine, with cache
 * read and write prices, tiered (long-context) prices and dated price changes applied, and
 * providers recognised by their API URL (an OpenAI-compatible vendor's `base_url` finds its own
 * prices). Chosen over `tokenlens` (a models.dev catalogue split over four packages, with a
 * coarser cost helper that knows no tiers). `[[pricing]]` rows come first: custom and
 * self-hosted models, negotiated rates.
 *
 * A model with no known price costs 0 and is logged once per provider and model.
 *
 * The price table loads on first use (`price_table.ts`), so the first lookup after startup
 * answers with a promise; every later one, and every `[[pricing]]` row or `echo` provider,
 * answers at once.
 *
 * @module
 */
import type { ResolvedProvider } from "../config/load.ts";
import type { PricingConfig } from "../config/types.ts";
import type { Usage } from "../ir/usage.ts";
import { globMatches } from "../keys/glob.ts";
import { listPriceOf } from "./price_lookup.ts";
import { loadedPriceTable, loadPriceTable } from "./price_table.ts";

export interface Cost {
  usd: number;
  /** False when no price was found (the cost is then 0). */
  priced: boolean;
}

/**
 * What `usage` of `model` on `provider` cost at `at`: at once when no list price is needed or
 * the price table is loaded, else a promise that loads it first.
 */
export function costOf(
  usage: Usage,
  provider: ResolvedProvider,
  model: string,
  overrides: PricingConfig[],
  at: Date,
): Cost | Promise<Cost> {
  if (provider.type === "echo") return { usd: 0, priced: true }; // local and free
  const row = overrides.find((p) =>
    (p.provider === undefined || p.provider === provider.name) && globMatches(p.model, model)
  );
  if (row) return { usd: overrideCost(usage, row), priced: true };
  const table = loadedPriceTable();
  if (table) return listPriceOf(table, usage, provider, model, at);
  return loadPriceTable().then((loaded) => listPriceOf(loaded, usage, provider, model, at));
}

/** `inputTokens` includes cache reads and writes (the IR's convention): price each part once. */
function overrideCost(usage: Usage, row: PricingConfig): number {
  const uncached = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  const perToken = 1 / 1_000_000;
  return perToken * (
    uncached * row.input_usd_per_mtok +
    usage.cacheReadTokens * (row.cache_read_usd_per_mtok ?? row.input_usd_per_mtok) +
    usage.cacheWriteTokens * (row.cache_write_usd_per_mtok ?? row.input_usd_per_mtok) +
    usage.outputTokens * row.output_usd_per_mtok
  );
}
