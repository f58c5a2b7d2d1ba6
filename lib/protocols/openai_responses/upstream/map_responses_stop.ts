/**
 * Responses `status` / `incomplete_details.reason` → IR stop, and `usage` → IR usage.
 * https://platform.openai.com/docs/api-reference/responses/object
 *
 * Tool calls in the output win over `completed`: Responses has no tool-call status of its own.
 *
 * @module
 */
import type { StopInfo } from "../../../ir/stop.ts";
import type { Usage } from "../../../ir/usage.ts";
import { isObject } from "../../../json/fields.ts";

export function mapResponsesStop(
  response: Record<string, unknown>,
  sawToolCall: boolean,
): StopInfo {
  const status = typeof response.status === "string" ? response.status : "completed";
  const details = isObject(response.incomplete_details) ? response.incomplete_details : undefined;
  const reason = typeof details?.reason === "string" ? details.reason : undefined;
  if (status === "incomplete") {
    if (reason === "content_filter") return { reason: "refusal", raw: reason };
    return { reason: "max_tokens", raw: reason ?? status };
  }
  if (sawToolCall) return { reason: "tool_use", raw: status };
  return { reason: "end_turn", raw: status };
}

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
