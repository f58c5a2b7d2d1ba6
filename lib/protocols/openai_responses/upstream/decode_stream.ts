/**
 * Responses SSE → IR events. One IR block per message content part, function call, custom tool
 * call and reasoning item. Item-level `.done` events fill in whatever the deltas did not carry,
 * so providers that send whole items without deltas decode the same way.
 *
 * @module
 */
import { streamEndedEarly } from "../../../ir/error.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import type { SseMessage } from "../../../streaming/sse_decode.ts";
import { parseUpstreamJson } from "../../../streaming/json_data.ts";
import type { AdapterContext } from "../../adapter.ts";
import { decodeWith, type StreamDecoder } from "../../stream_codec.ts";
import { isObject } from "../../../json/fields.ts";
import { ResponsesStreamState } from "./stream_state.ts";
import { streamFailure } from "./decode_error.ts";

type Data = Record<string, unknown>;

export function decodeResponsesStream(
  messages: AsyncIterable<SseMessage>,
  ctx: AdapterContext,
): AsyncGenerator<IrStreamEvent> {
  return decodeWith(messages, responsesStreamDecoder(ctx));
}

/** The synchronous core: one Responses frame → its IR events. */
export function responsesStreamDecoder(ctx: AdapterContext): StreamDecoder {
  const state = new ResponsesStreamState(ctx);
  let over = false; // a terminal event arrived
  return {
    push(message, out) {
      if (message.data.trim() === "[DONE]") return false;
      const data = parseUpstreamJson(message.data, "upstream stream event");
      if (!isObject(data)) return false;
      const type = typeof data.type === "string" ? data.type : message.event ?? "";
      over = handle(state, type, data);
      for (const event of state.out) out.push(event);
      state.out.length = 0;
      return over;
    },
    end(out) {
      if (over) return;
      over = true;
      out.push({ type: "error", error: streamEndedEarly("response.completed") });
    },
  };
}

/** Routes one event to the state; returns true when the stream is over. */
function handle(state: ResponsesStreamState, type: string, data: Data): boolean {
  const index = typeof data.output_index === "number" ? data.output_index : -1;
  const delta = typeof data.delta === "string" ? data.delta : "";
  switch (type) {
    case "response.created":
    case "response.in_progress":
    case "response.queued":
      state.start(isObject(data.response) ? data.response : {});
      return false;
    case "response.output_item.added":
      if (isObject(data.item)) state.itemAdded(index, data.item);
      return false;
    case "response.content_part.added":
      state.partText(index, contentIndex(data), "");
      return false;
    case "response.output_text.delta":
    case "response.refusal.delta":
      state.partText(index, contentIndex(data), delta);
      return false;
    case "response.output_text.done":
    case "response.refusal.done": {
      const text = typeof data.text === "string" ? data.text : data.refusal;
      state.partDone(index, contentIndex(data), typeof text === "string" ? text : undefined, false);
      return false;
    }
    case "response.content_part.done":
      state.partDone(index, contentIndex(data), partTextOf(data.part), true);
      return false;
    case "response.function_call_arguments.delta":
    case "response.custom_tool_call_input.delta":
      state.callDelta(index, delta);
      return false;
    case "response.function_call_arguments.done":
      state.callDone(index, typeof data.arguments === "string" ? data.arguments : undefined);
      return false;
    case "response.custom_tool_call_input.done":
      state.callDone(index, typeof data.input === "string" ? data.input : undefined);
      return false;
    case "response.reasoning_summary_part.added":
      state.summaryPart(index);
      return false;
    case "response.reasoning_summary_text.delta":
      state.summaryDelta(index, delta);
      return false;
    case "response.reasoning_text.delta":
      state.reasoningTextDelta(index, delta);
      return false;
    case "response.output_item.done":
      if (isObject(data.item)) state.itemDone(index, data.item);
      return false;
    case "response.completed":
    case "response.incomplete":
      state.finish(isObject(data.response) ? data.response : {});
      return true;
    case "response.failed": {
      const response = isObject(data.response) ? data.response : {};
      state.fail(streamFailure(response.error, "upstream response failed"));
      return true;
    }
    case "error":
      state.fail(streamFailure(isObject(data.error) ? data.error : data, "upstream stream error"));
      return true;
    default:
      return false;
  }
}

function contentIndex(data: Data): number {
  return typeof data.content_index === "number" ? data.content_index : 0;
}

function partTextOf(part: unknown): string | undefined {
  if (!isObject(part)) return undefined;
  if (typeof part.text === "string") return part.text;
  return typeof part.refusal === "string" ? part.refusal : undefined;
}
