/**
 * Chat Completions frames on the same-protocol fast path (lib/streaming/frame_relay.ts): which
 * the request record needs decoded, which one ends the answer, and which the client did not ask
 * for. Cheap tests on the raw data, so a text delta is never parsed.
 *
 * @module
 */
import type { FrameRules } from "../../../streaming/frame_relay.ts";

const USAGE = /"usage"\s*:\s*\{/;
const FINISH = /"finish_reason"\s*:\s*"/;
const ERROR = /^\s*\{\s*"error"/;
const NO_CHOICES = /"choices"\s*:\s*\[\s*\]/;

/**
 * `clientWantsUsage`: the client sent `stream_options.include_usage`. The gateway always asks
 * the upstream for usage (the record needs it); the usage-only chunk is dropped for a client that
 * did not ask, since a client may read `choices[0]` of every chunk.
 */
export function openAIFrameRules(clientWantsUsage: boolean): FrameRules {
  return {
    notable: (m) =>
      m.event === "error" || USAGE.test(m.data) || FINISH.test(m.data) || ERROR.test(m.data),
    // An error frame ends the answer too: it is the client's error, nothing follows it.
    isEnd: (m) => m.data.trim() === "[DONE]" || m.event === "error" || ERROR.test(m.data),
    keep: (m) => clientWantsUsage || !(NO_CHOICES.test(m.data) && USAGE.test(m.data)),
  };
}
