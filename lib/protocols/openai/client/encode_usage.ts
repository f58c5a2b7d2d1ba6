/**
 * IR usage → Chat Completions `usage`. Both count cached tokens inside the prompt tokens and
 * reasoning tokens inside the completion tokens, so no arithmetic is needed. Cache-write tokens
 * have no Chat Completions field and are not reported.
 *
 * @module
 */
import type { Usage } from "../../../ir/usage.ts";

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export function encodeOpenAIUsage(usage: Usage): OpenAIUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}
