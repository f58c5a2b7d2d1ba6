/**
 * IR stop ⇄ Anthropic `stop_reason`, both directions (decode at the end of the file).
 * https://platform.claude.com/docs/en/build-with-claude/handling-stop-reasons
 *
 * Anthropic has no "error" stop reason; a finish the upstream flagged as an error (Gemini
 * `MALFORMED_FUNCTION_CALL` …) ends as `end_turn`. When the answer holds tool calls the reason
 * is `tool_use` whatever the upstream said (Gemini always says STOP), except after `max_tokens`,
 * where the last call may be cut off and must not be executed.
 *
 * @module
 */
import type { StopInfo, StopReason } from "../../ir/stop.ts";
export type AnthropicStopReason =
  | "end_turn"
  | "max_tokens"
  | "stop_sequence"
  | "tool_use"
  | "pause_turn"
  | "refusal"
  | "model_context_window_exceeded";

export function anthropicStopReason(stop: StopInfo, hasToolUse: boolean): AnthropicStopReason {
  if (hasToolUse && stop.reason !== "max_tokens") return "tool_use";
  switch (stop.reason) {
    case "end_turn":
    case "error":
      return "end_turn";
    case "max_tokens":
    case "stop_sequence":
    case "pause_turn":
    case "refusal":
      return stop.reason;
    case "tool_use":
      // No tool call reached the client (e.g. only server tools): the turn simply ended.
      return "end_turn";
    case "context_exceeded":
      return "model_context_window_exceeded";
    default:
      stop.reason satisfies never;
      return "end_turn";
  }
}

/** `stop_sequence` is set only when that is why the turn stopped. */
export function anthropicStopSequence(stop: StopInfo, reason: AnthropicStopReason): string | null {
  return reason === "stop_sequence" ? stop.sequence ?? null : null;
}

/*
 * Anthropic `stop_reason` → IR stop, losslessly (the raw value is kept).
 * https://platform.claude.com/docs/en/build-with-claude/handling-stop-reasons
 */

const REASONS: Record<string, StopReason> = {
  end_turn: "end_turn",
  max_tokens: "max_tokens",
  stop_sequence: "stop_sequence",
  tool_use: "tool_use",
  pause_turn: "pause_turn",
  refusal: "refusal",
  model_context_window_exceeded: "context_exceeded",
};

/** Unknown future values count as a natural end; the raw value stays visible in logs. */
export function decodeAnthropicStop(
  raw: string | null | undefined,
  sequence: string | null | undefined,
  hasToolCall: boolean,
): StopInfo {
  let reason: StopReason = (raw && REASONS[raw]) || "end_turn";
  if (hasToolCall && reason === "end_turn") reason = "tool_use";
  const stop: StopInfo = { reason };
  if (raw) stop.raw = raw;
  if (typeof sequence === "string") stop.sequence = sequence;
  return stop;
}
