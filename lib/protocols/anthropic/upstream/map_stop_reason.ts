/**
 * Anthropic `stop_reason` → IR stop, losslessly (the raw value is kept).
 * https://platform.claude.com/docs/en/build-with-claude/handling-stop-reasons
 *
 * @module
 */
import type { StopInfo, StopReason } from "../../../ir/stop.ts";

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
