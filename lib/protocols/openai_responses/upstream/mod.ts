/**
 * The OpenAI Responses adapter (`type = "openai_responses"`): IR ⇄ `POST {base_url}/v1/responses`.
 *
 * @example
 * ```ts
 * import { responsesAdapter } from "./mod.ts";
 * // const upstream = responsesAdapter.encodeRequest(ir, ctx);
 * ```
 *
 * @module
 */
import type { Adapter } from "../../adapter.ts";
import { encoded } from "../../../ir/warnings.ts";
import { buildResponsesRequest } from "./encode_request.ts";
import { decodeResponsesResponse } from "./decode_response.ts";
import { decodeResponsesStream, responsesStreamDecoder } from "./decode_stream.ts";
import { decodeResponsesError } from "./decode_error.ts";

export const responsesAdapter: Adapter = {
  protocol: "openai_responses",
  encodeRequest: (ir, ctx) => encoded((warnings) => buildResponsesRequest(ir, ctx, warnings)),
  decodeResponse: decodeResponsesResponse,
  decodeStream: decodeResponsesStream,
  streamDecoder: responsesStreamDecoder,
  decodeError: decodeResponsesError,
};

export {
  buildResponsesRequest,
  decodeResponsesError,
  decodeResponsesResponse,
  decodeResponsesStream,
};
