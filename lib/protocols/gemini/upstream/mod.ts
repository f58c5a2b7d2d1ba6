/**
 * The Gemini adapter (`type = "gemini"`): IR ⇄ `POST {base_url}/v1beta/models/{model}:
 * generateContent` and `:streamGenerateContent?alt=sse`, key in `x-goog-api-key`.
 *
 * @example
 * ```ts
 * import { geminiAdapter } from "./mod.ts";
 * const { value: upstream, warnings } = geminiAdapter.encodeRequest(ir, ctx); // { url, headers, body }
 * ```
 *
 * @module
 */
import type { Adapter } from "../../adapter.ts";
import { encoded } from "../../../ir/warnings.ts";
import { buildGeminiRequest } from "./encode_request.ts";
import { decodeGeminiError } from "./decode_error.ts";
import { decodeGeminiResponse } from "./decode_response.ts";
import { decodeGeminiStream, geminiStreamDecoder } from "./decode_stream.ts";

export const geminiAdapter: Adapter = {
  protocol: "gemini",
  encodeRequest: (ir, ctx) => encoded((warnings) => buildGeminiRequest(ir, ctx, warnings)),
  decodeResponse: decodeGeminiResponse,
  decodeStream: decodeGeminiStream,
  streamDecoder: geminiStreamDecoder,
  decodeError: decodeGeminiError,
};

export { buildGeminiRequest, encodeGeminiRequest } from "./encode_request.ts";
export { decodeGeminiResponse } from "./decode_response.ts";
export { decodeGeminiStream } from "./decode_stream.ts";
export { decodeGeminiError } from "./decode_error.ts";
export { sanitizeGeminiSchema } from "./sanitize_schema.ts";
