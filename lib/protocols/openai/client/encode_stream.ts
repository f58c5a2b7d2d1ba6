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
import { streamEndedEarly } from "../../../ir/error.ts";
import type { BlockStart, IrStreamEvent } from "../../../ir/events.ts";
import { mergeUsage, ZERO_USAGE } from "../../../ir/usage.ts";
import { sseFrame } from "../../../streaming/sse_encode.ts";
import type { EntryContext, StreamEncoding } from "../../entry.ts";
import { encodeWith, type StreamEncoder } from "../../stream_codec.ts";
import { openaiErrorBody } from "./encode_error.ts";
import { encodeToolCall } from "./encode_response.ts";
import { encodeOpenAIUsage } from "../usage.ts";
import { openaiFinishReason } from "../stop_reason.ts";

export function encodeOpenAIStream(
  events: AsyncIterable<IrStreamEvent>,
  ctx: EntryContext,
): StreamEncoding {
  return { contentType: "text/event-stream", chunks: encodeWith(events, openaiStreamEncoder(ctx)) };
}

/** The synchronous core: one IR event → its `chat.completion.chunk` frames. */
export function openaiStreamEncoder(ctx: EntryContext): StreamEncoder {
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
  let done = false;

  const blockStart = (index: number, block: BlockStart): string => {
    if (block.type !== "tool_call") return "";
    const ordinal = toolOrdinals.size;
    toolOrdinals.set(index, ordinal);
    // A Gemini thought signature rides on the opening delta, as in a whole response.
    const { extra_content } = encodeToolCall({ ...block, input: {} });
    return chunk({
      tool_calls: [{
        index: ordinal,
        id: block.id,
        type: "function",
        function: { name: block.name, arguments: "" },
        ...(extra_content ? { extra_content } : {}),
      }],
    });
  };

  const finish = (event: Extract<IrStreamEvent, { type: "finish" }>): string => {
    done = true;
    usage = mergeUsage(usage, event.usage);
    let text = chunk({}, openaiFinishReason(event.stop.reason, toolOrdinals.size > 0));
    if (ctx.wire.includeUsage === true) {
      text += sseFrame({ ...base, choices: [], usage: encodeOpenAIUsage(usage) });
    }
    return text + DONE;
  };

  const handle = (event: IrStreamEvent): string => {
    switch (event.type) {
      case "message_start":
      case "usage":
        usage = mergeUsage(usage, event.usage);
        return "";
      case "block_start":
        return blockStart(event.index, event.block);
      case "text_delta":
        return event.text === "" ? "" : chunk({ content: event.text });
      case "thinking_delta":
        return event.text === "" ? "" : chunk({ reasoning_content: event.text });
      case "tool_input_delta": {
        const ordinal = toolOrdinals.get(event.index);
        if (ordinal === undefined || event.json === "") return "";
        return chunk({ tool_calls: [{ index: ordinal, function: { arguments: event.json } }] });
      }
      case "signature_delta":
      case "block_stop":
        // Signatures have no Chat Completions field; block ends are implicit on this wire.
        return "";
      case "finish":
        return finish(event);
      case "error":
        done = true;
        return sseFrame(openaiErrorBody(event.error));
      default:
        event satisfies never;
        return "";
    }
  };

  return {
    contentType: "text/event-stream",
    get done() {
      return done;
    },
    push(event) {
      if (done) return "";
      let text = "";
      if (!started && event.type !== "error") {
        started = true;
        text = chunk({ role: "assistant", content: "" });
      }
      return text + handle(event);
    },
    end(error) {
      if (done) return "";
      done = true;
      return sseFrame(openaiErrorBody(error ?? streamEndedEarly()));
    },
  };
}

const DONE = sseFrame("[DONE]");
