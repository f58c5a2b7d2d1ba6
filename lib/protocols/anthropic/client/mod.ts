/**
 * The Anthropic Messages entry: `POST /v1/messages` (also `?beta=true`, as Claude Code sends).
 *
 * @example
 * ```ts
 * import { anthropicEntry } from "./mod.ts";
 * const { ir } = anthropicEntry.decodeRequest(
 *   { model: "claude-opus-4-6", max_tokens: 100, messages: [{ role: "user", content: "hi" }] },
 *   { url: new URL("http://x/v1/messages"), headers: new Headers(), params: {} },
 * );
 * ```
 *
 * @module
 */
import type { Entry } from "../../entry.ts";
import { decodeAnthropicRequest } from "./decode_request.ts";
import { encodeAnthropicError } from "./encode_error.ts";
import { encodeAnthropicResponse } from "./encode_response.ts";
import { anthropicStreamEncoder, encodeAnthropicStream } from "./encode_stream.ts";
import { recordAnthropicThread, resolveAnthropicThread } from "./threads.ts";
import { anthropicFrameRules } from "./passthrough_frames.ts";

export const anthropicEntry: Entry = {
  protocol: "anthropic",
  idPrefix: "msg_",
  decodeRequest: (body) => decodeAnthropicRequest(body),
  encodeResponse: encodeAnthropicResponse,
  encodeStream: encodeAnthropicStream,
  streamEncoder: anthropicStreamEncoder,
  frameRules: () => anthropicFrameRules,
  encodeError: encodeAnthropicError,
  resolveHistory: resolveAnthropicThread,
  recordHistory: recordAnthropicThread,
};

export {
  decodeAnthropicRequest,
  encodeAnthropicError,
  encodeAnthropicResponse,
  encodeAnthropicStream,
};
