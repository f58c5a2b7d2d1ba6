/**
 * Gemini upstream answers → IR: the non-streaming body and the SSE stream, through the same
 * frame decoder.
 *
 * @module
 */
import type { AdapterContext } from "../adapter.ts";
import type { ContentBlock } from "../../ir/content.ts";
import { GatewayError } from "../../ir/error.ts";
import type { IrStreamEvent } from "../../ir/events.ts";
import type { IrResponse } from "../../ir/response.ts";
import { mergeUsage, ZERO_USAGE } from "../../ir/usage.ts";
import type { StopInfo } from "../../ir/stop.ts";
import { parseToolInput } from "../../ir/collect.ts";
import { parseUpstreamJson } from "../../streaming/json_data.ts";
import type { SseMessage } from "../../streaming/sse_decode.ts";
import { decodeGeminiError } from "./decode_error.ts";
import { geminiFrameDecoder } from "./frame_decoder.ts";
import type { GeminiResponse } from "./wire.ts";

export function decodeGeminiResponse(body: unknown, ctx: AdapterContext): IrResponse {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new GatewayError({
      status: 502,
      kind: "api_error",
      message: "Gemini response is not a JSON object",
      upstreamProtocol: "gemini",
    });
  }
  const decoder = geminiFrameDecoder(ctx);
  return foldEvents([...decoder.push(body as GeminiResponse), ...decoder.end()]);
}

export async function* decodeGeminiStream(
  messages: AsyncIterable<SseMessage>,
  ctx: AdapterContext,
): AsyncGenerator<IrStreamEvent> {
  const decoder = geminiFrameDecoder(ctx);
  for await (const message of messages) {
    if (message.data.trim() === "") continue;
    const frame = parseUpstreamJson(message.data, "Gemini stream frame");
    if (typeof frame !== "object" || frame === null) continue;
    if ("error" in frame) {
      // Gemini reports a failure after the headers as one last frame holding `error`.
      const code = (frame.error as { code?: unknown } | null)?.code;
      const status = typeof code === "number" && code >= 400 && code < 600 ? code : 500;
      yield {
        type: "error",
        error: decodeGeminiError(status, message.data, new Headers()),
      };
      return;
    }
    yield* decoder.push(frame as GeminiResponse);
  }
  yield* decoder.end();
}

/**
 * The synchronous twin of `collect`, for the shapes the frame decoder emits. Tool input and
 * signatures accumulate the same way, so a body and its stream decode to equal responses.
 */
function foldEvents(events: IrStreamEvent[]): IrResponse {
  let id = "";
  let model = "";
  let usage = ZERO_USAGE;
  let stop: StopInfo | undefined;
  const blocks: ContentBlock[] = [];
  const json = new Map<number, string>();
  for (const event of events) {
    switch (event.type) {
      case "message_start":
        id = event.id;
        model = event.model;
        usage = mergeUsage(usage, event.usage);
        break;
      case "block_start": {
        const { block } = event;
        if (block.type === "tool_call") {
          blocks[event.index] = { ...block, input: {} };
          json.set(event.index, "");
        } else if (block.type === "redacted_thinking") blocks[event.index] = { ...block };
        else blocks[event.index] = { ...block, text: "" };
        break;
      }
      case "text_delta":
      case "thinking_delta":
        (blocks[event.index] as { text: string }).text += event.text;
        break;
      case "signature_delta": {
        const block = blocks[event.index];
        if (block.type === "thinking") block.signature = (block.signature ?? "") + event.signature;
        else if (block.type === "text" || block.type === "tool_call") {
          block.thoughtSignature = (block.thoughtSignature ?? "") + event.signature;
        }
        break;
      }
      case "tool_input_delta":
        json.set(event.index, (json.get(event.index) ?? "") + event.json);
        break;
      case "block_stop": {
        const block = blocks[event.index];
        if (block.type === "tool_call") block.input = parseToolInput(json.get(event.index) ?? "");
        break;
      }
      case "usage":
        usage = mergeUsage(usage, event.usage);
        break;
      case "finish":
        usage = mergeUsage(usage, event.usage);
        stop = event.stop;
        break;
      case "error":
        throw event.error;
      default:
        event satisfies never;
    }
  }
  return { id, model, content: blocks, stop: stop!, usage };
}
