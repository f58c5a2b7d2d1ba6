/**
 * The Gemini entry: `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent`
 * (with `?alt=sse` or as a streamed JSON array), also under `/v1/models/…`, and the model list.
 *
 * @example
 * ```ts
 * import { geminiEntry } from "./mod.ts";
 * const { ir, wire } = geminiEntry.decodeRequest(body, {
 *   url: new URL("http://localhost/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"),
 *   headers: new Headers(),
 *   params: { model: "gemini-2.5-flash", action: "streamGenerateContent" },
 * });
 * ```
 *
 * @module
 */
import type { Entry } from "../../entry.ts";
import { decodeGeminiRequest } from "./decode_request.ts";
import { encodeGeminiResponse } from "./encode_response.ts";
import { encodeGeminiStream, geminiStreamEncoder } from "./encode_stream.ts";
import { encodeGeminiError } from "./encode_error.ts";

export const geminiEntry: Entry = {
  protocol: "gemini",
  idPrefix: "resp_",
  decodeRequest: decodeGeminiRequest,
  encodeResponse: encodeGeminiResponse,
  encodeStream: encodeGeminiStream,
  streamEncoder: geminiStreamEncoder,
  encodeError: encodeGeminiError,
};

export { decodeGeminiRequest, type GeminiWire } from "./decode_request.ts";
export { encodeGeminiResponse } from "./encode_response.ts";
export { encodeGeminiStream, geminiFrames } from "./encode_stream.ts";
export { encodeGeminiError, geminiErrorBody } from "./encode_error.ts";
export { encodeGeminiModelList, type GeminiModelList } from "./model_list.ts";
