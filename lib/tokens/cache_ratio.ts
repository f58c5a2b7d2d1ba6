/**
 * Prompt-cache hit ratio from IR usage.
 *
 * The IR's `Usage` already speaks one convention (lib/ir/usage.ts): `inputTokens` counts every
 * prompt token, cached or not, and `cacheReadTokens` is a subset of it. Each adapter converts on
 * decode, which is where the per-protocol math lives:
 *
 * - OpenAI Chat: `prompt_tokens` already includes `prompt_tokens_details.cached_tokens`, so
 *   inputTokens = prompt_tokens, cacheReadTokens = cached_tokens.
 * - Responses: `input_tokens` includes `input_tokens_details.cached_tokens`, same as Chat.
 * - Anthropic: `input_tokens` excludes both cache counters, so inputTokens = input_tokens +
 *   cache_read_input_tokens + cache_creation_input_tokens. Dividing Anthropic's raw
 *   cache_read by its raw input_tokens would report ratios far above 1.
 * - Gemini: `promptTokenCount` includes `cachedContentTokenCount`, same as OpenAI.
 *
 * So the ratio is the same expression for every upstream: read / all prompt tokens.
 *
 * @module
 */
import type { Usage } from "../ir/usage.ts";

/** Share of prompt tokens served from cache, 0…1; undefined when there were no prompt tokens. */
export function promptCacheHitRatio(usage: Usage): number | undefined {
  if (usage.inputTokens <= 0) return undefined;
  return Math.min(1, Math.max(0, usage.cacheReadTokens / usage.inputTokens));
}
