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
import { GatewayError } from "../../../ir/error.ts";
import type { SseMessage } from "../../../streaming/sse_decode.ts";
import { parseUpstreamJson } from "../../../streaming/json_data.ts";
import type { AdapterContext } from "../../adapter.ts";
import { decodeAnthropicErrorBody } from "./decode_error.ts";
import { type AnthropicUsageCounters, anthropicUsageToIr, readAnthropicUsage } from "../usage.ts";
import { decodeAnthropicStop } from "../stop_reason.ts";
import { isObject } from "../../../json/fields.ts";

type Wire = Record<string, unknown>;

export async function* decodeAnthropicStream(
  messages: AsyncIterable<SseMessage>,
  ctx: AdapterContext,
): AsyncGenerator<IrStreamEvent> {
  let counters: AnthropicUsageCounters = {};
  let stopReason: string | null | undefined;
  let stopSequence: string | null | undefined;
  let hasToolCall = false;
  let nextIndex = 0;
  const indexes = new Map<number, number>(); // upstream index → IR index

  const finish = (): IrStreamEvent => ({
    type: "finish",
    stop: decodeAnthropicStop(stopReason, stopSequence, hasToolCall),
    usage: anthropicUsageToIr(counters),
  });

  for await (const message of messages) {
    const data = parseUpstreamJson(message.data, "upstream stream event");
    if (!isObject(data)) continue;
    const type = typeof data.type === "string" ? data.type : message.event;
    switch (type) {
      case "message_start": {
        const m = isObject(data.message) ? data.message : {};
        counters = readAnthropicUsage(m.usage, counters);
        const usage = anthropicUsageToIr(counters);
        yield {
          type: "message_start",
          id: typeof m.id === "string" ? m.id : "",
          model: typeof m.model === "string" ? m.model : "",
          usage,
        };
        break;
      }
      case "content_block_start": {
        const block = isObject(data.content_block) ? data.content_block : {};
        const index = nextIndex;
        const events = blockStart(block, index, ctx);
        if (events.length === 0) break;
        indexes.set(Number(data.index), index);
        nextIndex++;
        if (block.type === "tool_use") hasToolCall = true;
        yield* events;
        break;
      }
      case "content_block_delta": {
        const index = indexes.get(Number(data.index));
        const delta = isObject(data.delta) ? data.delta : {};
        const event = index === undefined ? undefined : blockDelta(delta, index);
        if (event) yield event;
        break;
      }
      case "content_block_stop": {
        const index = indexes.get(Number(data.index));
        if (index !== undefined) yield { type: "block_stop", index };
        break;
      }
      case "message_delta": {
        const delta = isObject(data.delta) ? data.delta : {};
        if (typeof delta.stop_reason === "string") stopReason = delta.stop_reason;
        if (typeof delta.stop_sequence === "string") stopSequence = delta.stop_sequence;
        counters = readAnthropicUsage(data.usage, counters);
        yield { type: "usage", usage: anthropicUsageToIr(counters) };
        break;
      }
      case "message_stop":
        yield finish();
        return;
      case "error":
        yield { type: "error", error: decodeAnthropicErrorBody(data, 500) };
        return;
      default:
        // ping and event types added after this was written.
        break;
    }
  }
  if (stopReason) {
    yield finish();
    return;
  }
  yield {
    type: "error",
    error: new GatewayError({
      status: 502,
      kind: "api_error",
      message: "upstream stream ended before message_stop",
    }),
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
