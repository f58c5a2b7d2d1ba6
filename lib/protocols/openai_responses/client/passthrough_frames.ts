/**
 * Responses frames on the same-protocol fast path (lib/streaming/frame_relay.ts): the record
 * needs the response envelope events only (created, the terminal one, errors), never an item
 * or a delta. The type is the `event:` line, or the data's leading `type` for providers that
 * send data-only frames.
 *
 * @module
 */
import type { FrameRules } from "../../../streaming/frame_relay.ts";
import type { SseMessage } from "../../../streaming/sse_scanner.ts";

const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed", "error"]);
const NOTABLE = new Set([...TERMINAL, "response.created"]);
const LEADING_TYPE = /^\s*\{\s*"type"\s*:\s*"([^"]+)"/;

function typeOf(message: SseMessage): string {
  return message.event ?? LEADING_TYPE.exec(message.data)?.[1] ?? "";
}

export const responsesFrameRules: FrameRules = {
  notable: (m) => NOTABLE.has(typeOf(m)),
  isEnd: (m) => TERMINAL.has(typeOf(m)),
  keep: () => true,
};
