/**
 * Gemini `streamGenerateContent?alt=sse` → IR events, one frame at a time through the frame
 * decoder the non-streaming body also uses. A failure after the headers arrives as a last frame
 * holding `error`.
 *
 * @module
 */
import type { AdapterContext } from "../../adapter.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import { parseUpstreamJson } from "../../../streaming/json_data.ts";
import type { SseMessage } from "../../../streaming/sse_decode.ts";
import { decodeGeminiError } from "./decode_error.ts";
import { geminiFrameDecoder } from "./frame_decoder.ts";
import type { GeminiResponse } from "../wire.ts";

export async function* decodeGeminiStream(
  messages: AsyncIterable<SseMessage>,
  ctx: AdapterContext,
): AsyncGenerator<IrStreamEvent> {
  const decoder = geminiFrameDecoder(ctx);
  for await (const message of messages) {
    if (message.data.trim() === "") continue;
    const frame = parseUpstreamJson(message.data, "Gemini stream frame");
    if (typeof frame !== "object" || frame === null) continue;
    if ("error" in frame) {
      // Gemini reports a failure after the headers as one last frame holding `error`.
      const code = (frame.error as { code?: unknown } | null)?.code;
      const status = typeof code === "number" && code >= 400 && code < 600 ? code : 500;
      yield {
        type: "error",
        error: decodeGeminiError(status, message.data, new Headers()),
      };
      return;
    }
    yield* decoder.push(frame as GeminiResponse);
  }
  yield* decoder.end();
}
