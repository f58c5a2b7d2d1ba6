/**
 * IR stream → `chat.completion.chunk` SSE.
 *
 * The first chunk carries the role; text, `reasoning_content` and `tool_calls` deltas follow,
 * each tool call numbered by its ordinal among tool calls (not its IR block index). The finish
 * chunk carries `finish_reason`; with `stream_options.include_usage` a last chunk with
 * `choices: []` carries usage; then `data: [DONE]`. A failure, including a stream that ends
 * without `finish`, becomes `data: {"error": …}` and the stream ends WITHOUT `[DONE]`, so no
 * client mistakes a broken answer for a complete one.
 *
 * @module
 */
import { streamEndedEarly, toGatewayError } from "../../../ir/error.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import { mergeUsage, ZERO_USAGE } from "../../../ir/usage.ts";
import { sseFrame } from "../../../streaming/sse_encode.ts";
import type { EntryContext, StreamEncoding } from "../../entry.ts";
import { openaiErrorBody } from "./encode_error.ts";
import { encodeToolCall } from "./encode_response.ts";
import { encodeOpenAIUsage } from "../usage.ts";
import { openaiFinishReason } from "../stop_reason.ts";

export function encodeOpenAIStream(
  events: AsyncIterable<IrStreamEvent>,
  ctx: EntryContext,
): StreamEncoding {
  return { contentType: "text/event-stream", chunks: openaiChunks(events, ctx) };
}

async function* openaiChunks(
  events: AsyncIterable<IrStreamEvent>,
  ctx: EntryContext,
): AsyncGenerator<string> {
  const base = {
    id: ctx.responseId,
    object: "chat.completion.chunk",
    created: Math.floor(ctx.now() / 1000),
    model: ctx.clientModel,
  };
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    sseFrame({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    });
  const toolOrdinals = new Map<number, number>(); // IR block index → tool_calls index
  let usage = ZERO_USAGE;
  let started = false;

  try {
    for await (const event of events) {
      if (!started && event.type !== "error") {
        started = true;
        yield chunk({ role: "assistant", content: "" });
      }
      switch (event.type) {
        case "message_start":
        case "usage":
          usage = mergeUsage(usage, event.usage);
          break;
        case "block_start":
          if (event.block.type === "tool_call") {
            const ordinal = toolOrdinals.size;
            toolOrdinals.set(event.index, ordinal);
            // A Gemini thought signature rides on the opening delta, as in a whole response.
            const { extra_content } = encodeToolCall({ ...event.block, input: {} });
            yield chunk({
              tool_calls: [{
                index: ordinal,
                id: event.block.id,
                type: "function",
                function: { name: event.block.name, arguments: "" },
                ...(extra_content ? { extra_content } : {}),
              }],
            });
          }
          break;
        case "text_delta":
          if (event.text !== "") yield chunk({ content: event.text });
          break;
        case "thinking_delta":
          if (event.text !== "") yield chunk({ reasoning_content: event.text });
          break;
        case "tool_input_delta": {
          const ordinal = toolOrdinals.get(event.index);
          if (ordinal !== undefined && event.json !== "") {
            yield chunk({ tool_calls: [{ index: ordinal, function: { arguments: event.json } }] });
          }
          break;
        }
        case "signature_delta":
        case "block_stop":
          // Signatures have no Chat Completions field; block ends are implicit on this wire.
          break;
        case "finish":
          usage = mergeUsage(usage, event.usage);
          yield chunk({}, openaiFinishReason(event.stop.reason, toolOrdinals.size > 0));
          if (ctx.wire.includeUsage === true) {
            yield sseFrame({ ...base, choices: [], usage: encodeOpenAIUsage(usage) });
          }
          yield sseFrame("[DONE]");
          return;
        case "error":
          yield sseFrame(openaiErrorBody(event.error));
          return;
        default:
          event satisfies never;
      }
    }
  } catch (error) {
    yield sseFrame(openaiErrorBody(toGatewayError(error)));
    return;
  }
  yield sseFrame(openaiErrorBody(streamEndedEarly()));
}
