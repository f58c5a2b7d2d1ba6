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
import type { PricingConfig, ProviderType } from "../config/types.ts";
import type { Usage } from "../ir/usage.ts";
import { globMatches } from "../keys/glob.ts";

export interface Cost {
  usd: number;
  /** False when no price was found (the cost is then 0). */
  priced: boolean;
}

const PRICE_PROVIDER: Record<ProviderType, string | undefined> = {
  openai: "openai",
  openai_responses: "openai",
  anthropic: "anthropic",
  gemini: "google",
  echo: undefined,
};

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
  const tokens = {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_tokens: usage.cacheReadTokens,
    cache_write_tokens: usage.cacheWriteTokens,
  };
  const key = `${provider.type}\u0000${provider.base_url ?? ""}\u0000${model}`;
  const known = lookups.get(key);
  if (known === "none") return { usd: 0, priced: false };
  if (known !== undefined) {
    const price = calcPrice(tokens, model, { ...known, timestamp: at });
    if (price) return { usd: price.total_price, priced: true };
  }
  for (const options of lookupOrder(provider)) {
    const price = calcPrice(tokens, model, { ...options, timestamp: at });
    if (price) {
      remember(key, options);
      return { usd: price.total_price, priced: true };
    }
  }
  remember(key, "none");
  return { usd: 0, priced: false };
}

/**
 * Where the price table knows a model from: its provider's API URL, the provider type, or the
 * model name alone; "none" when nowhere. A miss scans every provider's match rules (regular
 * expressions included), which cost more than the rest of a small request's pipeline, so the
 * answer is remembered per provider type, base URL and model. The table is bundled and never
 * changes while the process runs; whether a model is found does not depend on the date.
 */
type Lookup = { providerApiUrl?: string; providerId?: string } | "none";
const lookups = new Map<string, Lookup>();
/** Plenty for any real deployment's models; past it the map starts over rather than grow. */
const MAX_LOOKUPS = 4096;

function remember(key: string, lookup: Lookup): void {
  if (lookups.size >= MAX_LOOKUPS) lookups.clear();
  lookups.set(key, lookup);
}

function lookupOrder(provider: ResolvedProvider): Exclude<Lookup, "none">[] {
  const order: Exclude<Lookup, "none">[] = [];
  if (provider.base_url) order.push({ providerApiUrl: provider.base_url });
  const providerId = PRICE_PROVIDER[provider.type];
  if (providerId) order.push({ providerId });
  order.push({});
  return order;
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
