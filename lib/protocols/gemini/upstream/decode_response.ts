/**
 * A Gemini non-streaming body → IR, through the same frame decoder as the stream
 * (decode_stream.ts), collected: body and stream cannot disagree.
 *
 * @module
 */
import type { AdapterContext } from "../../adapter.ts";
import { GatewayError } from "../../../ir/error.ts";
import type { IrResponse } from "../../../ir/response.ts";
import { collectEvents } from "../../../ir/collect.ts";
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
