/**
 * A Responses `response` object → IR response. `decode_stream.ts` yields the same blocks, so
 * `collect(decodeStream)` equals this.
 *
 * @module
 */
import type { ContentBlock } from "../../../ir/content.ts";
import { upstreamToolArguments } from "../../../json/parse_json_object.ts";
import type { IrResponse } from "../../../ir/response.ts";
import { mergeUsage, ZERO_USAGE } from "../../../ir/usage.ts";
import type { AdapterContext } from "../../adapter.ts";
import { isObject } from "../../../json/fields.ts";
import { reasoningText } from "../client/reasoning_items.ts";
import { flatToolName } from "../extensions.ts";
import { GatewayError } from "../../../ir/error.ts";
import { mapResponsesStop } from "../stop_reason.ts";
import { decodeResponsesUsage } from "../usage.ts";
import { streamFailure } from "./decode_error.ts";

export function decodeResponsesResponse(body: unknown, ctx: AdapterContext): IrResponse {
  if (!isObject(body) || !Array.isArray(body.output)) {
    throw new GatewayError({
      status: 502,
      kind: "api_error",
      message: "upstream response is not a Responses object (no output array)",
    });
  }
  if (body.status === "failed") throw streamFailure(body.error, "upstream response failed");
  const content: ContentBlock[] = [];
  for (const item of body.output) if (isObject(item)) content.push(...outputItemBlocks(item, ctx));
  const sawToolCall = content.some((b) => b.type === "tool_call");
  return {
    id: typeof body.id === "string" ? body.id : "",
    model: typeof body.model === "string" ? body.model : "",
    content,
    stop: mapResponsesStop(body, sawToolCall),
    usage: mergeUsage(ZERO_USAGE, decodeResponsesUsage(body.usage)),
  };
}

/** One output item → its IR blocks (a message has one text block per part). */
export function outputItemBlocks(
  item: Record<string, unknown>,
  ctx: AdapterContext,
): ContentBlock[] {
  switch (item.type) {
    case "message": {
      const parts = Array.isArray(item.content) ? item.content.filter(isObject) : [];
      return parts.map((p) => ({ type: "text", text: partText(p) }));
    }
    case "function_call":
      return [{
        type: "tool_call",
        id: callId(item),
        name: toolName(item),
        input: upstreamToolArguments(typeof item.arguments === "string" ? item.arguments : ""),
      }];
    case "custom_tool_call":
      return [{
        type: "tool_call",
        id: callId(item),
        name: toolName(item),
        input: { input: typeof item.input === "string" ? item.input : "" },
        kind: "custom",
      }];
    case "reasoning": {
      const block: ContentBlock = { type: "thinking", text: reasoningText(item) };
      if (typeof item.encrypted_content === "string" && item.encrypted_content !== "") {
        block.signature = item.encrypted_content;
      }
      if (typeof item.id === "string") block.itemId = item.id;
      block.origin = ctx.origin;
      return [block];
    }
    default:
      // Hosted-tool items (web_search_call …) have no IR form; their results reach the text.
      return [];
  }
}

export function partText(part: Record<string, unknown>): string {
  if (typeof part.text === "string") return part.text;
  if (typeof part.refusal === "string") return part.refusal;
  return "";
}

export function callId(item: Record<string, unknown>): string {
  if (typeof item.call_id === "string") return item.call_id;
  return typeof item.id === "string" ? item.id : "";
}

export function toolName(item: Record<string, unknown>): string {
  const name = typeof item.name === "string" ? item.name : "";
  return flatToolName(typeof item.namespace === "string" ? item.namespace : undefined, name);
}
