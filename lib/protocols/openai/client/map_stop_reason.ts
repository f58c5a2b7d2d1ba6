/**
 * IR stop reason → Chat Completions `finish_reason`.
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
import type { StopReason } from "../../../ir/stop.ts";

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
