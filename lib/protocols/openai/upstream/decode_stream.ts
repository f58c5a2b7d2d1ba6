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

export async function* decodeOpenAIStream(
  messages: AsyncIterable<SseMessage>,
  ctx: AdapterContext,
): AsyncGenerator<IrStreamEvent> {
  const blocks = newBlockState();
  const calls = newToolCallState();
  let started = false;
  let finishReason: string | undefined;
  let usage: Partial<Usage> | undefined;
  let done = false;

  try {
    for await (const message of messages) {
      if (message.data.trim() === "[DONE]") {
        done = true;
        break;
      }
      const chunk = parseChunk(message);
      if (chunk instanceof GatewayError) {
        yield { type: "error", error: chunk };
        return;
      }
      if (!started) {
        started = true;
        yield {
          type: "message_start",
          id: typeof chunk.id === "string" ? chunk.id : ctx.newId("chatcmpl-"),
          model: typeof chunk.model === "string" ? chunk.model : "",
        };
      }
      const chunkUsage = decodeOpenAIUsage(chunk.usage);
      if (chunkUsage) {
        usage = { ...usage, ...chunkUsage };
        yield { type: "usage", usage: chunkUsage };
      }
      const choice = Array.isArray(chunk.choices) ? chunk.choices.find(isFirstChoice) : undefined;
      if (!isObject(choice)) continue;
      if (isObject(choice.delta)) yield* deltaEvents(choice.delta, blocks, calls, ctx);
      if (typeof choice.finish_reason === "string") finishReason = choice.finish_reason;
    }
  } catch (error) {
    yield { type: "error", error: streamFailure(error) };
    return;
  }

  if (!done && finishReason === undefined) {
    yield {
      type: "error",
      error: new GatewayError({
        status: 502,
        kind: "upstream_unavailable",
        message: "upstream stream ended before it finished",
      }),
    };
    return;
  }
  if (!started) yield { type: "message_start", id: ctx.newId("chatcmpl-"), model: "" };
  yield* endEvents(blocks, calls, finishReason, usage, ctx);
}

/** One choice delta: reasoning, then text (or refusal), then tool-call fragments. */
function* deltaEvents(
  delta: JsonObject,
  blocks: BlockState,
  calls: ToolCallState,
  ctx: AdapterContext,
): Generator<IrStreamEvent> {
  yield* thinkingDelta(blocks, reasoningText(delta), ctx.origin);
  if (typeof delta.content === "string") yield* textDelta(blocks, delta.content);
  if (typeof delta.refusal === "string") yield* textDelta(blocks, delta.refusal);
  if (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) {
    yield* toolCallDeltas(blocks, calls, delta.tool_calls, ctx);
  }
}

function* endEvents(
  blocks: BlockState,
  calls: ToolCallState,
  finishReason: string | undefined,
  usage: Partial<Usage> | undefined,
  ctx: AdapterContext,
): Generator<IrStreamEvent> {
  const broken = yield* finishToolCalls(blocks, calls, ctx);
  if (broken) {
    yield { type: "error", error: broken };
    return;
  }
  yield* stopAll(blocks);
  const stop = openaiStopInfo(finishReason, calls.started > 0);
  yield usage ? { type: "finish", stop, usage } : { type: "finish", stop };
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
