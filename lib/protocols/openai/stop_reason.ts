/**
 * IR stop reason ⇄ Chat Completions `finish_reason`, both directions (decode at the end).
 *
 * The wire knows `stop | length | tool_calls | content_filter | function_call`
 * (https://platform.openai.com/docs/api-reference/chat/object). Anthropic's `pause_turn` and
 * `stop_sequence` have no own value and read as `stop`; a full context window reads as `length`
 * (as the Vercel AI SDK maps it). An emitted tool call wins (OpenAI clients run tools only on
 * `tool_calls`) except after truncation: a call cut off by the token limit must not run, so
 * `length` is kept, as every other entry does.
 *
 * @module
 */
import type { StopInfo, StopReason } from "../../ir/stop.ts";

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export function openaiFinishReason(reason: StopReason, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls && reason !== "max_tokens" && reason !== "context_exceeded") return "tool_calls";
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
    case "pause_turn":
    case "error":
      return "stop";
    case "max_tokens":
    case "context_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return reason satisfies never;
  }
}

/*
 * Decode: compatible servers add their own values (OpenRouter `error`, DeepSeek
 * `insufficient_system_resource`); kept in `raw`, and read as `error` when they mean failure.
 * Tool calls make it `tool_use` whatever the upstream said, except `length` (a cut-off call
 * must not run).
 */
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
