/**
 * The Anthropic Messages adapter (provider `type = "anthropic"`): IR → `POST {base_url}/v1/messages`,
 * and the JSON or SSE answer back to IR.
 *
 * @example
 * ```ts
 * import { anthropicAdapter } from "./mod.ts";
 * // const upstream = anthropicAdapter.encodeRequest(ir, ctx);
 * ```
 *
 * @module
 */
import type { Adapter } from "../../adapter.ts";
import { encoded } from "../../../ir/warnings.ts";
import { buildAnthropicRequest } from "./encode_request.ts";
import { decodeAnthropicResponse } from "./decode_response.ts";
import { anthropicStreamDecoder, decodeAnthropicStream } from "./decode_stream.ts";
import { decodeAnthropicError } from "./decode_error.ts";

export const anthropicAdapter: Adapter = {
  protocol: "anthropic",
  encodeRequest: (ir, ctx) => encoded((warnings) => buildAnthropicRequest(ir, ctx, warnings)),
  decodeResponse: decodeAnthropicResponse,
  decodeStream: decodeAnthropicStream,
  streamDecoder: anthropicStreamDecoder,
  decodeError: decodeAnthropicError,
};

export {
  buildAnthropicRequest,
  decodeAnthropicError,
  decodeAnthropicResponse,
  decodeAnthropicStream,
};
