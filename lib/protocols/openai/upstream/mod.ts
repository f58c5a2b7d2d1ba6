/**
 * The `openai` provider adapter: IR ⇄ Chat Completions (`POST {base_url}/v1/chat/completions`),
 * for OpenAI and every OpenAI-compatible server.
 *
 * @example
 * ```ts
 * import { openaiAdapter } from "./mod.ts";
 * openaiAdapter.protocol; // "openai"
 * ```
 *
 * @module
 */
import type { Adapter } from "../../adapter.ts";
import { encoded } from "../../../ir/warnings.ts";
import { buildOpenAIRequest, encodeOpenAIRequest } from "./encode_request.ts";
import { decodeOpenAIError } from "./decode_error.ts";
import { decodeOpenAIResponse } from "./decode_response.ts";
import { decodeOpenAIStream, openaiStreamDecoder } from "./decode_stream.ts";

export const openaiAdapter: Adapter = {
  protocol: "openai",
  encodeRequest: (ir, ctx) => encoded((warnings) => buildOpenAIRequest(ir, ctx, warnings)),
  decodeResponse: decodeOpenAIResponse,
  decodeStream: decodeOpenAIStream,
  streamDecoder: openaiStreamDecoder,
  decodeError: decodeOpenAIError,
};

export {
  buildOpenAIRequest,
  decodeOpenAIError,
  decodeOpenAIResponse,
  decodeOpenAIStream,
  encodeOpenAIRequest,
};
