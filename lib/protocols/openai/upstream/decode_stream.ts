/**
 * Chat Completions SSE → IR stream events.
 *
 * `message_start` comes from the first chunk (its id and model). Usage arrives on any chunk
 * (the `include_usage` chunk has `choices: []`; vLLM may send `choices: null`), so the finish is
 * held until `[DONE]` or the end of the body, by which time usage is complete. An `error` object
 * in a frame becomes an IR error; a body that ends with neither a `finish_reason` nor `[DONE]` is
 * an error too, never a clean end. Tool calls anywhere in the turn make the stop `tool_use`.
 *
 * @module
 */
import { GatewayError, toGatewayError } from "../../../ir/error.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import type { Usage } from "../../../ir/usage.ts";
import { parseUpstreamJson } from "../../../streaming/json_data.ts";
import type { SseMessage } from "../../../streaming/sse_decode.ts";
import type { AdapterContext } from "../../adapter.ts";
import { decodeWith, type StreamDecoder } from "../../stream_codec.ts";
import { reasoningText } from "./decode_response.ts";
import { decodeOpenAIStreamError } from "./decode_error.ts";
import { decodeOpenAIUsage } from "../usage.ts";
import { isObject, type JsonObject } from "../../../json/fields.ts";
import { openaiStopInfo } from "../stop_reason.ts";
import {
  type BlockState,
  newBlockState,
  stopAll,
  textDelta,
  thinkingDelta,
} from "./stream_blocks.ts";
import {
  finishToolCalls,
  newToolCallState,
  toolCallDeltas,
  type ToolCallState,
} from "./stream_tool_calls.ts";

export function decodeOpenAIStream(
  messages: AsyncIterable<SseMessage>,
  ctx: AdapterContext,
): AsyncGenerator<IrStreamEvent> {
  return decodeWith(messages, openaiStreamDecoder(ctx));
}

/** The synchronous core: one Chat Completions frame → its IR events. */
export function openaiStreamDecoder(ctx: AdapterContext): StreamDecoder {
  const blocks = newBlockState();
  const calls = newToolCallState();
  let started = false;
  let finishReason: string | undefined;
  let usage: Partial<Usage> | undefined;
  let done = false; // `[DONE]` arrived
  let over = false; // an error ended the stream; nothing follows it

  const fail = (error: GatewayError, out: IrStreamEvent[]): boolean => {
    over = true;
    out.push({ type: "error", error });
    return true;
  };

  return {
    push(message, out) {
      if (isDone(message.data)) {
        done = true;
        return true;
      }
      const chunk = parseChunk(message);
      if (chunk instanceof GatewayError) return fail(chunk, out);
      if (!started) {
        started = true;
        out.push({
          type: "message_start",
          id: typeof chunk.id === "string" ? chunk.id : ctx.newId("chatcmpl-"),
          model: typeof chunk.model === "string" ? chunk.model : "",
        });
      }
      const chunkUsage = decodeOpenAIUsage(chunk.usage);
      if (chunkUsage) {
        usage = { ...usage, ...chunkUsage };
        out.push({ type: "usage", usage: chunkUsage });
      }
      const choice = Array.isArray(chunk.choices) ? chunk.choices.find(isFirstChoice) : undefined;
      if (!isObject(choice)) return false;
      if (isObject(choice.delta)) deltaEvents(choice.delta, blocks, calls, ctx, out);
      if (typeof choice.finish_reason === "string") finishReason = choice.finish_reason;
      return false;
    },
    end(out) {
      if (over) return;
      over = true;
      if (!done && finishReason === undefined) {
        out.push({
          type: "error",
          error: new GatewayError({
            status: 502,
            kind: "upstream_unavailable",
            message: "upstream stream ended before it finished",
          }),
        });
        return;
      }
      if (!started) out.push({ type: "message_start", id: ctx.newId("chatcmpl-"), model: "" });
      endEvents(blocks, calls, finishReason, usage, ctx, out);
    },
    failure: streamFailure,
  };
}

function isDone(data: string): boolean {
  // A chunk (`{…}`) is most frames: no trim for those.
  return data === "[DONE]" || (data.charCodeAt(0) !== 123 && data.trim() === "[DONE]");
}

/** One choice delta: reasoning, then text (or refusal), then tool-call fragments. */
function deltaEvents(
  delta: JsonObject,
  blocks: BlockState,
  calls: ToolCallState,
  ctx: AdapterContext,
  out: IrStreamEvent[],
): void {
  thinkingDelta(blocks, reasoningText(delta), ctx.origin, out);
  if (typeof delta.content === "string") textDelta(blocks, delta.content, out);
  if (typeof delta.refusal === "string") textDelta(blocks, delta.refusal, out);
  if (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) {
    toolCallDeltas(blocks, calls, delta.tool_calls, ctx, out);
  }
}

function endEvents(
  blocks: BlockState,
  calls: ToolCallState,
  finishReason: string | undefined,
  usage: Partial<Usage> | undefined,
  ctx: AdapterContext,
  out: IrStreamEvent[],
): void {
  const broken = finishToolCalls(blocks, calls, ctx, out);
  if (broken) {
    out.push({ type: "error", error: broken });
    return;
  }
  stopAll(blocks, out);
  const stop = openaiStopInfo(finishReason, calls.started > 0);
  out.push(usage ? { type: "finish", stop, usage } : { type: "finish", stop });
}

function isFirstChoice(choice: unknown): boolean {
  return isObject(choice) && (choice.index === undefined || choice.index === 0);
}

function parseChunk(message: SseMessage): JsonObject | GatewayError {
  let value: unknown;
  try {
    value = parseUpstreamJson(message.data, "upstream stream chunk");
  } catch (error) {
    if (message.event === "error") return decodeOpenAIStreamError(message.data);
    return toGatewayError(error);
  }
  if (!isObject(value)) {
    return new GatewayError({
      status: 502,
      kind: "api_error",
      message: "upstream stream chunk is not a JSON object",
    });
  }
  if (value.error !== undefined && value.error !== null) {
    return decodeOpenAIStreamError(value.error);
  }
  if (message.event === "error") return decodeOpenAIStreamError(value);
  return value;
}

/** The body broke off (connection reset, timeout): the client must see a failure. */
function streamFailure(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  const failure = toGatewayError(error);
  if (failure.kind === "timeout") return failure;
  const why = error instanceof Error ? error.message : String(error);
  return new GatewayError({
    status: 502,
    kind: "upstream_unavailable",
    message: `upstream stream failed: ${why}`,
  });
}
