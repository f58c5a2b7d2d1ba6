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
 * @module
 */
import { calcPrice } from "@pydantic/genai-prices";
import type { ResolvedProvider } from "../config/load.ts";
import type { PricingConfig } from "../config/types.ts";
import type { Usage } from "../ir/usage.ts";
import { globMatches } from "../keys/glob.ts";
import { listPriceOf } from "./price_lookup.ts";

export interface Cost {
  usd: number;
  /** False when no price was found (the cost is then 0). */
  priced: boolean;
}

export function costOf(
  usage: Usage,
  provider: ResolvedProvider,
  model: string,
  overrides: PricingConfig[],
  at: Date,
): Cost {
  if (provider.type === "echo") return { usd: 0, priced: true }; // local and free
  const row = overrides.find((p) =>
    (p.provider === undefined || p.provider === provider.name) && globMatches(p.model, model)
  );
  if (row) return { usd: overrideCost(usage, row), priced: true };
  return listPriceOf(calcPrice, usage, provider, model, at);
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
