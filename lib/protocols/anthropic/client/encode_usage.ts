/**
 * IR usage → Anthropic `usage`. Anthropic's `input_tokens` excludes cache reads and writes,
 * which the IR counts inside `inputTokens`.
 *
 * @module
 */
import { uncachedInputTokens, type Usage } from "../../../ir/usage.ts";

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export function encodeAnthropicUsage(usage: Usage): AnthropicUsage {
  return {
    input_tokens: uncachedInputTokens(usage),
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
  };
}
