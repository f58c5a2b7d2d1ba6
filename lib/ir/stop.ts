/**
 * Why a response ended, in one canonical set that maps losslessly onto every protocol.
 *
 * @module
 */
export type StopReason =
  | "end_turn"
  | "max_tokens"
  | "stop_sequence"
  | "tool_use"
  | "pause_turn"
  | "refusal"
  | "context_exceeded"
  | "error";

export interface StopInfo {
  reason: StopReason;
  /** The upstream's own value (`length`, `SAFETY`, `max_output_tokens` …), kept for logs. */
  raw?: string;
  /** The stop sequence that matched, when the upstream says which. */
  sequence?: string;
}
