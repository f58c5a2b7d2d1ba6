/**
 * The OpenAI Chat Completions entry: `POST /v1/chat/completions` ⇄ IR.
 *
 * @example
 * ```ts
 * import { openaiEntry } from "./mod.ts";
 * const { ir } = openaiEntry.decodeRequest(
 *   { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] },
 *   { url: new URL("http://localhost/v1/chat/completions"), headers: new Headers(), params: {} },
 * );
 * ```
 *
 * @module
 */
import type { Entry } from "../../entry.ts";
import { decodeOpenAIRequest } from "./decode_request.ts";
import { encodeOpenAIError } from "./encode_error.ts";
import { encodeOpenAIResponse } from "./encode_response.ts";
import { encodeOpenAIStream, openaiStreamEncoder } from "./encode_stream.ts";
import { openAIFrameRules } from "./passthrough_frames.ts";

export const openaiEntry: Entry = {
  protocol: "openai",
  idPrefix: "chatcmpl-",
  decodeRequest: (body) => decodeOpenAIRequest(body),
  encodeResponse: encodeOpenAIResponse,
  encodeStream: encodeOpenAIStream,
  streamEncoder: openaiStreamEncoder,
  frameRules: (wire) => openAIFrameRules(wire.includeUsage === true),
  encodeError: encodeOpenAIError,
};

export { decodeOpenAIRequest, encodeOpenAIError, encodeOpenAIResponse, encodeOpenAIStream };
