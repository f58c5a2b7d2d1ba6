/**
 * Responses `usage` ⇄ IR usage, both directions. Responses counts cached tokens inside
 * `input_tokens` and reasoning tokens inside `output_tokens`, like the IR, so values copy across.
 * https://platform.openai.com/docs/api-reference/responses/object
 *
 * @module
 */
import type { Usage } from "../../ir/usage.ts";
import { isObject } from "../../json/fields.ts";
import type { ResponsesUsage } from "./wire.ts";

export function decodeResponsesUsage(value: unknown): Partial<Usage> | undefined {
  if (!isObject(value)) return undefined;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  const input = isObject(value.input_tokens_details) ? value.input_tokens_details : {};
  const output = isObject(value.output_tokens_details) ? value.output_tokens_details : {};
  return {
    inputTokens: num(value.input_tokens),
    outputTokens: num(value.output_tokens),
    cacheReadTokens: num(input.cached_tokens),
    cacheWriteTokens: num(input.cache_write_tokens),
    reasoningTokens: num(output.reasoning_tokens),
  };
}

export function encodeUsage(usage: Usage): ResponsesUsage {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: {
      cached_tokens: usage.cacheReadTokens,
      cache_write_tokens: usage.cacheWriteTokens,
    },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}
