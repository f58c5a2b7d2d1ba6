/**
 * Anthropic Messages JSON → IR response.
 *
 * Thinking and redacted thinking are stamped with `ctx.origin` (this hop minted them). Server
 * tool transcript blocks (`server_tool_use`, `web_search_tool_result` …) and `citations` have
 * no IR form and are dropped; the answer text around them is kept.
 *
 * @module
 */
import type { ContentBlock, Origin } from "../../../ir/content.ts";
import { GatewayError } from "../../../ir/error.ts";
import type { IrResponse } from "../../../ir/response.ts";
import type { AdapterContext } from "../../adapter.ts";
import { anthropicUsageToIr, readAnthropicUsage } from "../usage.ts";
import { decodeAnthropicStop } from "../stop_reason.ts";
import { isObject } from "../../../json/fields.ts";

type Wire = Record<string, unknown>;

export function decodeAnthropicResponse(body: unknown, ctx: AdapterContext): IrResponse {
  if (!isObject(body) || !Array.isArray(body.content)) {
    throw new GatewayError({
      status: 502,
      kind: "api_error",
      message: "upstream response is not an Anthropic message",
    });
  }
  const content = body.content.flatMap((b) => {
    const block = isObject(b) ? decodeAnswerBlock(b, ctx.origin) : undefined;
    return block ? [block] : [];
  });
  return {
    id: typeof body.id === "string" ? body.id : "",
    model: typeof body.model === "string" ? body.model : "",
    content,
    stop: decodeAnthropicStop(
      body.stop_reason as string | null,
      body.stop_sequence as string | null,
      content.some((b) => b.type === "tool_call"),
    ),
    usage: anthropicUsageToIr(readAnthropicUsage(body.usage)),
  };
}

function decodeAnswerBlock(block: Wire, origin: Origin): ContentBlock | undefined {
  switch (block.type) {
    case "text":
      return { type: "text", text: String(block.text ?? "") };
    case "thinking": {
      const thinking: ContentBlock = { type: "thinking", text: String(block.thinking ?? "") };
      if (typeof block.signature === "string" && block.signature !== "") {
        thinking.signature = block.signature;
      }
      thinking.origin = origin;
      return thinking;
    }
    case "redacted_thinking":
      return { type: "redacted_thinking", data: String(block.data ?? ""), origin };
    case "tool_use":
      return {
        type: "tool_call",
        id: String(block.id ?? ""),
        name: String(block.name ?? ""),
        input: isObject(block.input) ? block.input : {},
      };
    default:
      return undefined;
  }
}
