/**
 * Chat Completions `finish_reason` → IR stop info.
 *
 * Documented values: `stop | length | tool_calls | content_filter | function_call`
 * (https://platform.openai.com/docs/api-reference/chat/object). OpenAI-compatible servers add
 * their own (`error` on OpenRouter, `insufficient_system_resource` on DeepSeek); those are kept
 * in `raw` and, when they mean failure, read as `error`, never as a clean end. A turn that
 * emitted tool calls is `tool_use` whatever the upstream said, except `length`: a call cut off
 * by the token limit is incomplete and must not be run.
 *
 * @module
 */
import type { StopInfo, StopReason } from "../../../ir/stop.ts";

export function openaiStopInfo(raw: string | null | undefined, hasToolCalls: boolean): StopInfo {
  const reason = hasToolCalls && raw !== "length" ? "tool_use" : reasonFor(raw);
  return raw ? { reason, raw } : { reason };
}

function reasonFor(raw: string | null | undefined): StopReason {
  switch (raw) {
    case "length":
      return "max_tokens";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "content_filter":
      return "refusal";
    case "error":
    case "insufficient_system_resource":
      return "error";
    default:
      // `stop`, absent, and unknown values: a normal end.
      return "end_turn";
  }
}
