/**
 * Gemini `streamGenerateContent?alt=sse` → IR events, one frame at a time through the frame
 * decoder the non-streaming body also uses. A failure after the headers arrives as a last frame
 * holding `error`.
 *
 * @module
 */
import type { AdapterContext } from "../../adapter.ts";
import { decodeWith, type StreamDecoder } from "../../stream_codec.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import { parseUpstreamJson } from "../../../streaming/json_data.ts";
import type { SseMessage } from "../../../streaming/sse_decode.ts";
import { decodeGeminiError } from "./decode_error.ts";
import { geminiFrameDecoder } from "./frame_decoder.ts";
import type { GeminiResponse } from "../wire.ts";

export function decodeGeminiStream(
  messages: AsyncIterable<SseMessage>,
  ctx: AdapterContext,
): AsyncGenerator<IrStreamEvent> {
  return decodeWith(messages, geminiStreamDecoder(ctx));
}

/** The synchronous core: one Gemini SSE frame → its IR events. */
export function geminiStreamDecoder(ctx: AdapterContext): StreamDecoder {
  const decoder = geminiFrameDecoder(ctx);
  let over = false; // an error frame arrived: nothing follows
  return {
    push(message, out) {
      if (message.data.trim() === "") return false;
      const frame = parseUpstreamJson(message.data, "Gemini stream frame");
      if (typeof frame !== "object" || frame === null) return false;
      if ("error" in frame) {
        // Gemini reports a failure after the headers as one last frame holding `error`.
        const code = (frame.error as { code?: unknown } | null)?.code;
        const status = typeof code === "number" && code >= 400 && code < 600 ? code : 500;
        out.push({ type: "error", error: decodeGeminiError(status, message.data, new Headers()) });
        over = true;
        return true;
      }
      for (const event of decoder.push(frame as GeminiResponse)) out.push(event);
      return false;
    },
    end(out) {
      if (over) return;
      over = true;
      for (const event of decoder.end()) out.push(event);
    },
  };
}
