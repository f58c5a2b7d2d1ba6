/**
 * Messages-API frames on the same-protocol fast path (lib/streaming/frame_relay.ts): the record
 * needs only the envelope events, never a content delta.
 *
 * @module
 */
import type { FrameRules } from "../../../streaming/frame_relay.ts";

const NOTABLE = new Set(["message_start", "message_delta", "message_stop", "error"]);

export const anthropicFrameRules: FrameRules = {
  notable: (m) => m.event !== undefined && NOTABLE.has(m.event),
  // An error event ends the answer too: it is the client's error, nothing follows it.
  isEnd: (m) => m.event === "message_stop" || m.event === "error",
  keep: () => true,
};
