/**
 * Chat Completions `usage` ⇄ IR usage, both directions. Both count cached tokens inside the
 * prompt tokens and reasoning tokens inside the completion tokens, so values copy across.
 * Cache-write tokens have no Chat Completions field and are not reported to clients. DeepSeek
 * reports cache hits as `prompt_cache_hit_tokens`; it is read when the standard
 * `prompt_tokens_details.cached_tokens` is absent.
 *
 * @module
 */
import { isObject } from "../../json/fields.ts";
import type { Usage } from "../../ir/usage.ts";
import type { OpenAIUsage } from "./wire.ts";

export function encodeOpenAIUsage(usage: Usage): OpenAIUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

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
