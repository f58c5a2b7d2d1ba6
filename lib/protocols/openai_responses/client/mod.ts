/**
 * The OpenAI Responses entry (`POST /v1/responses`, `POST /responses`): what Codex CLI speaks.
 *
 * @example
 * ```ts
 * import { responsesEntry } from "./mod.ts";
 * const { ir } = responsesEntry.decodeRequest(
 *   { model: "gpt-5", input: "hi" },
 *   { url: new URL("http://x/v1/responses"), headers: new Headers(), params: {} },
 * );
 * ```
 *
 * @module
 */
import type { Entry } from "../../entry.ts";
import { decodeResponsesRequest } from "./decode_request.ts";
import { encodeResponsesResponse } from "./encode_response.ts";
import { encodeResponsesStream, responsesStreamEncoder } from "./encode_stream.ts";
import { encodeResponsesError } from "./encode_error.ts";
import { recordResponsesHistory, resolveResponsesHistory } from "./history.ts";
import { responsesFrameRules } from "./passthrough_frames.ts";

export const responsesEntry: Entry = {
  protocol: "openai_responses",
  idPrefix: "resp_",
  decodeRequest: (body) => decodeResponsesRequest(body),
  encodeResponse: encodeResponsesResponse,
  encodeStream: encodeResponsesStream,
  streamEncoder: responsesStreamEncoder,
  frameRules: () => responsesFrameRules,
  encodeError: encodeResponsesError,
  resolveHistory: resolveResponsesHistory,
  recordHistory: recordResponsesHistory,
};

export {
  decodeResponsesRequest,
  encodeResponsesError,
  encodeResponsesResponse,
  encodeResponsesStream,
};
export { HISTORY_TTL_MS, historyKey } from "./history.ts";
export type { ResponsesExtensions } from "../extensions.ts";
