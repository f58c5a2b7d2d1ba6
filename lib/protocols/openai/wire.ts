/**
 * The Chat Completions wire shapes both sides of ferryllm write with a fixed type. Only what the
 * encoders build is typed; what the decoders read is checked field by field with lib/json.
 * Reference: https://platform.openai.com/docs/api-reference/chat/object
 *
 * @module
 */

/** `choices[].finish_reason` as ferryllm emits it (`function_call` is legacy, never sent). */
export type { FinishReason } from "./stop_reason.ts";

/** `usage` as ferryllm emits it: cached and reasoning tokens inside the two totals. */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}
