/**
 * A model's list price from the price table (`@pydantic/genai-prices`): found by the provider's
 * API URL, then its type, then the model name alone.
 *
 * A model the table does not know makes every lookup scan all providers' match rules (regular
 * expressions included), which cost more than the rest of a small request's pipeline. So where a
 * model was found (or that it was found nowhere) is remembered per provider type, base URL and
 * model. The table is bundled and does not change while the process runs, and whether a model is
 * found does not depend on the date; the price itself is still computed per request, for its
 * tokens and date.
 *
 * @module
 */
import type { ResolvedProvider } from "../config/load.ts";
import type { ProviderType } from "../config/types.ts";
import type { Usage } from "../ir/usage.ts";
import type { Cost } from "./pricing.ts";
import type { PriceTable } from "./price_table.ts";

const PRICE_PROVIDER: Record<ProviderType, string | undefined> = {
  openai: "openai",
  openai_responses: "openai",
  anthropic: "anthropic",
  gemini: "google",
  echo: undefined,
};

type Where = { providerApiUrl?: string; providerId?: string };

const found = new Map<string, Where | "nowhere">();
/** Plenty for any real deployment's models; past it the map starts over rather than grow. */
const MAX_REMEMBERED = 4096;
/** Model names are the client's: a longer key is looked up each time, never kept. */
const MAX_KEY_CHARS = 1024;

/** How many lookups are remembered and how many characters their keys hold (for the bound's test). */
export function rememberedPriceFootprint(): { lookups: number; chars: number } {
  let chars = 0;
  for (const key of found.keys()) chars += key.length;
  return { lookups: found.size, chars };
}

/** What `usage` of `model` costs at `at` by the table's list prices (0, unpriced, if unknown). */
export function listPriceOf(
  table: PriceTable,
  usage: Usage,
  provider: ResolvedProvider,
  model: string,
  at: Date,
): Cost {
  const tokens = {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_tokens: usage.cacheReadTokens,
    cache_write_tokens: usage.cacheWriteTokens,
  };
  const key = `${provider.type}\u0000${provider.base_url ?? ""}\u0000${model}`;
  const known = found.get(key);
  if (known === "nowhere") return { usd: 0, priced: false };
  for (const where of known ? [known] : lookupOrder(provider)) {
    const price = table(tokens, model, { ...where, timestamp: at });
    if (price) {
      remember(key, where);
      return { usd: price.total_price, priced: true };
    }
  }
  if (!known) remember(key, "nowhere");
  return { usd: 0, priced: false };
}

function lookupOrder(provider: ResolvedProvider): Where[] {
  const order: Where[] = [];
  if (provider.base_url) order.push({ providerApiUrl: provider.base_url });
  const providerId = PRICE_PROVIDER[provider.type];
  if (providerId) order.push({ providerId });
  order.push({});
  return order;
}

function remember(key: string, where: Where | "nowhere"): void {
  if (key.length > MAX_KEY_CHARS) return;
  if (found.size >= MAX_REMEMBERED) found.clear();
  found.set(key, where);
}
