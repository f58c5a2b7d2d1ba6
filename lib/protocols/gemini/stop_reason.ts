/**
 * Gemini `finishReason` ⇄ IR stop reasons, both directions.
 *
 * Gemini says `STOP` for a natural end, a stop sequence and a turn that called functions alike,
 * so tool calls are detected from the parts (field-notes §4.7). Content-filter reasons become
 * `refusal`; malformed or unexpected tool calls and unknown values become `error`, never a
 * silent success. Reference: https://ai.google.dev/api/generate-content#FinishReason
 *
 * @module
 */
import type { StopInfo, StopReason } from "../../ir/stop.ts";

const REFUSALS = new Set([
  "SAFETY",
  "RECITATION",
  "LANGUAGE",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);

/** Every value of Gemini's enum, so an IR stop whose raw is one of them goes back unchanged. */
const KNOWN = new Set([
  ...REFUSALS,
  "FINISH_REASON_UNSPECIFIED",
  "STOP",
  "MAX_TOKENS",
  "OTHER",
  "MALFORMED_FUNCTION_CALL",
  "UNEXPECTED_TOOL_CALL",
  "TOO_MANY_TOOL_CALLS",
  "MISSING_THOUGHT_SIGNATURE",
  "MALFORMED_RESPONSE",
  "NO_IMAGE",
  "IMAGE_OTHER",
  "CONTINUATION",
]);

/** Upstream Gemini → IR. `sawToolCall` wins over `STOP`. */
export function decodeGeminiFinishReason(raw: string, sawToolCall: boolean): StopInfo {
  let reason: StopReason;
  if (raw === "STOP") reason = sawToolCall ? "tool_use" : "end_turn";
  else if (raw === "MAX_TOKENS" || raw === "CONTINUATION") reason = "max_tokens";
  else if (REFUSALS.has(raw)) reason = "refusal";
  else reason = "error";
  return { reason, raw };
}

/** IR → what a Gemini client sees. A raw value from a Gemini upstream is kept as it was. */
export function encodeGeminiFinishReason(stop: StopInfo, fromGemini: boolean): string {
  if (fromGemini && stop.raw && KNOWN.has(stop.raw)) return stop.raw;
  switch (stop.reason) {
    case "end_turn":
    case "tool_use":
    case "stop_sequence":
    case "pause_turn":
      return "STOP";
    case "max_tokens":
    case "context_exceeded":
      return "MAX_TOKENS";
    case "refusal":
      return "SAFETY";
    case "error":
      return "OTHER";
    default:
      stop.reason satisfies never;
      return "OTHER";
  }
}
