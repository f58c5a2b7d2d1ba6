/**
 * Chat Completions `usage` → IR usage fields. Same conventions on both sides (prompt tokens
 * include cached ones, completion tokens include reasoning), so values copy across.
 * DeepSeek reports cache hits as `prompt_cache_hit_tokens`; it is read when the standard
 * `prompt_tokens_details.cached_tokens` is absent.
 *
 * @module
 */
import { isObject } from "../../../json/fields.ts";
import type { Usage } from "../../../ir/usage.ts";

export function decodeOpenAIUsage(value: unknown): Partial<Usage> | undefined {
  if (!isObject(value)) return undefined;
  const out: Partial<Usage> = {};
  const set = (key: keyof Usage, n: unknown) => {
    if (typeof n === "number" && Number.isFinite(n)) out[key] = n;
  };
  set("inputTokens", value.prompt_tokens);
  set("outputTokens", value.completion_tokens);
  const prompt = isObject(value.prompt_tokens_details) ? value.prompt_tokens_details : {};
  set("cacheReadTokens", prompt.cached_tokens ?? value.prompt_cache_hit_tokens);
  // Reported by models with explicit cache breakpoints (OpenAI prompt-caching guide).
  set("cacheWriteTokens", prompt.cache_write_tokens);
  const completion = isObject(value.completion_tokens_details)
    ? value.completion_tokens_details
    : {};
  set("reasoningTokens", completion.reasoning_tokens);
  return out;
}
