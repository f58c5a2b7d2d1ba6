/**
 * Anthropic Messages SSE → IR events.
 *
 * Block indexes are renumbered so that blocks the IR has no form for (server tool transcript)
 * leave no gaps. `message_delta` usage is cumulative; `finish` is emitted at `message_stop`, or
 * at the end of a stream that skipped `message_stop` after a stop reason (Claude Code accepts
 * those). A stream that ends with neither, or an `event: error`, becomes an IR error.
 *
 * @module
 */
import type { IrStreamEvent } from "../../../ir/events.ts";
import { streamEndedEarly } from "../../../ir/error.ts";
import type { SseMessage } from "../../../streaming/sse_decode.ts";
import { parseUpstreamJson } from "../../../streaming/json_data.ts";
import type { AdapterContext } from "../../adapter.ts";
import { decodeWith, type StreamDecoder } from "../../stream_codec.ts";
import { decodeAnthropicErrorBody } from "./decode_error.ts";
import { type AnthropicUsageCounters, anthropicUsageToIr, readAnthropicUsage } from "../usage.ts";
import { decodeAnthropicStop } from "../stop_reason.ts";
import { isObject } from "../../../json/fields.ts";

type Wire = Record<string, unknown>;

export function decodeAnthropicStream(
  messages: AsyncIterable<SseMessage>,
  ctx: AdapterContext,
): AsyncGenerator<IrStreamEvent> {
  return decodeWith(messages, anthropicStreamDecoder(ctx));
}

/** The synchronous core: one Anthropic frame → its IR events. */
export function anthropicStreamDecoder(ctx: AdapterContext): StreamDecoder {
  let counters: AnthropicUsageCounters = {};
  let stopReason: string | null | undefined;
  let stopSequence: string | null | undefined;
  let hasToolCall = false;
  let nextIndex = 0;
  let over = false; // message_stop or an error: nothing follows
  const indexes = new Map<number, number>(); // upstream index → IR index

  const finish = (out: IrStreamEvent[]): boolean => {
    over = true;
    out.push({
      type: "finish",
      stop: decodeAnthropicStop(stopReason, stopSequence, hasToolCall),
      usage: anthropicUsageToIr(counters),
    });
    return true;
  };

  const blockEvents = (data: Wire, out: IrStreamEvent[]) => {
    const block = isObject(data.content_block) ? data.content_block : {};
    const index = nextIndex;
    const events = blockStart(block, index, ctx);
    if (events.length === 0) return;
    indexes.set(Number(data.index), index);
    nextIndex++;
    if (block.type === "tool_use") hasToolCall = true;
    for (const event of events) out.push(event);
  };

  return {
    push(message, out) {
      const data = parseUpstreamJson(message.data, "upstream stream event");
      if (!isObject(data)) return false;
      const type = typeof data.type === "string" ? data.type : message.event;
      switch (type) {
        case "message_start": {
          const m = isObject(data.message) ? data.message : {};
          counters = readAnthropicUsage(m.usage, counters);
          out.push({
            type: "message_start",
            id: typeof m.id === "string" ? m.id : "",
            model: typeof m.model === "string" ? m.model : "",
            usage: anthropicUsageToIr(counters),
          });
          return false;
        }
        case "content_block_start":
          blockEvents(data, out);
          return false;
        case "content_block_delta": {
          const index = indexes.get(Number(data.index));
          const delta = isObject(data.delta) ? data.delta : {};
          const event = index === undefined ? undefined : blockDelta(delta, index);
          if (event) out.push(event);
          return false;
        }
        case "content_block_stop": {
          const index = indexes.get(Number(data.index));
          if (index !== undefined) out.push({ type: "block_stop", index });
          return false;
        }
        case "message_delta": {
          const delta = isObject(data.delta) ? data.delta : {};
          if (typeof delta.stop_reason === "string") stopReason = delta.stop_reason;
          if (typeof delta.stop_sequence === "string") stopSequence = delta.stop_sequence;
          counters = readAnthropicUsage(data.usage, counters);
          out.push({ type: "usage", usage: anthropicUsageToIr(counters) });
          return false;
        }
        case "message_stop":
          return finish(out);
        case "error":
          over = true;
          out.push({ type: "error", error: decodeAnthropicErrorBody(data, 500) });
          return true;
        default:
          // ping and event types added after this was written.
          return false;
      }
    },
    end(out) {
      if (over) return;
      if (stopReason) {
        finish(out);
        return;
      }
      over = true;
      out.push({ type: "error", error: streamEndedEarly("message_stop") });
    },
  };
}

function blockStart(block: Wire, index: number, ctx: AdapterContext): IrStreamEvent[] {
  switch (block.type) {
    case "text": {
      const events: IrStreamEvent[] = [{ type: "block_start", index, block: { type: "text" } }];
      if (typeof block.text === "string" && block.text !== "") {
        events.push({ type: "text_delta", index, text: block.text });
      }
      return events;
    }
    case "thinking": {
      const events: IrStreamEvent[] = [
        { type: "block_start", index, block: { type: "thinking", origin: ctx.origin } },
      ];
      if (typeof block.thinking === "string" && block.thinking !== "") {
        events.push({ type: "thinking_delta", index, text: block.thinking });
      }
      if (typeof block.signature === "string" && block.signature !== "") {
        events.push({ type: "signature_delta", index, signature: block.signature });
      }
      return events;
    }
    case "redacted_thinking":
      return [{
        type: "block_start",
        index,
        block: { type: "redacted_thinking", data: String(block.data ?? ""), origin: ctx.origin },
      }];
    case "tool_use": {
      const events: IrStreamEvent[] = [{
        type: "block_start",
        index,
        block: { type: "tool_call", id: String(block.id ?? ""), name: String(block.name ?? "") },
      }];
      if (isObject(block.input) && Object.keys(block.input).length > 0) {
        events.push({ type: "tool_input_delta", index, json: JSON.stringify(block.input) });
      }
      return events;
    }
    default:
      return [];
  }
}

function blockDelta(delta: Wire, index: number): IrStreamEvent | undefined {
  switch (delta.type) {
    case "text_delta":
      return { type: "text_delta", index, text: String(delta.text ?? "") };
    case "input_json_delta":
      return { type: "tool_input_delta", index, json: String(delta.partial_json ?? "") };
    case "thinking_delta":
      return { type: "thinking_delta", index, text: String(delta.thinking ?? "") };
    case "signature_delta":
      return { type: "signature_delta", index, signature: String(delta.signature ?? "") };
    default:
      return undefined; // citations_delta and future delta types
  }
}
