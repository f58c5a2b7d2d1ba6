/**
 * Gemini upstream answers → IR: the non-streaming body and the SSE stream, through the same
 * frame decoder.
 *
 * @module
 */
import type { AdapterContext } from "../../adapter.ts";
import { GatewayError } from "../../../ir/error.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import type { IrResponse } from "../../../ir/response.ts";
import { collectEvents } from "../../../ir/collect.ts";
import { parseUpstreamJson } from "../../../streaming/json_data.ts";
import type { SseMessage } from "../../../streaming/sse_decode.ts";
import { decodeGeminiError } from "./decode_error.ts";
import { geminiFrameDecoder } from "./frame_decoder.ts";
import type { GeminiResponse } from "../wire.ts";

export function decodeGeminiResponse(body: unknown, ctx: AdapterContext): IrResponse {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new GatewayError({
      status: 502,
      kind: "api_error",
      message: "Gemini response is not a JSON object",
      upstreamProtocol: "gemini",
    });
  }
  const decoder = geminiFrameDecoder(ctx);
  return collectEvents([...decoder.push(body as GeminiResponse), ...decoder.end()]);
}

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
