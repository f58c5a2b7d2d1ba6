/**
 * IR response → a Responses `response` object (`responses.create` without streaming).
 *
 * @module
 */
import type { ContentBlock } from "../../../ir/content.ts";
import type { IrResponse } from "../../../ir/response.ts";
import type { EntryContext } from "../../entry.ts";
import {
  customInputText,
  isCustomCall,
  messageItem,
  reasoningItem,
  toolCallItem,
} from "./output_items.ts";
import { responseStatus } from "../stop_reason.ts";
import { encodeUsage } from "../usage.ts";
import { partSignatureItem } from "./part_signature_item.ts";
import { encryptedContentFor } from "./reasoning_items.ts";
import { clientResponseId, responseObject } from "./response_object.ts";

export function encodeResponsesResponse(
  response: IrResponse,
  ctx: EntryContext,
): Record<string, unknown> {
  const { status, incomplete_details } = responseStatus(response.stop);
  return responseObject({
    id: clientResponseId(response.id, ctx),
    createdAt: Math.floor(ctx.now() / 1000),
    status,
    output: outputItems(response.content, ctx),
    usage: encodeUsage(response.usage),
    incompleteDetails: incomplete_details,
    error: status === "failed"
      ? { code: "server_error", message: "the upstream stopped with an error" }
      : null,
  }, ctx);
}

/** Consecutive text blocks share one message item, as the Responses API groups them. */
function outputItems(content: ContentBlock[], ctx: EntryContext): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  let texts: string[] = [];
  const flush = () => {
    if (texts.length > 0) items.push(messageItem(ctx.newId("msg_"), texts, "completed"));
    texts = [];
  };
  const tools = ctx.request.tools;
  for (const block of content) {
    if (block.type === "text") {
      texts.push(block.text);
      continue;
    }
    flush();
    switch (block.type) {
      case "thinking":
      case "redacted_thinking": {
        const fromHere = ctx.upstreamProtocol === "openai_responses";
        const id = block.type === "thinking" && fromHere && block.itemId
          ? block.itemId
          : ctx.newId("rs_");
        const summaries = block.type === "thinking" && block.text !== "" ? [block.text] : [];
        items.push(reasoningItem(id, summaries, encryptedContentFor(block)));
        break;
      }
      case "tool_call": {
        if (block.thoughtSignature) {
          items.push(partSignatureItem(ctx.newId("rs_"), block.thoughtSignature, block.origin));
        }
        const custom = isCustomCall(block, tools);
        const payload = custom ? customInputText(block.input) : JSON.stringify(block.input);
        items.push(
          toolCallItem(block, ctx.newId(custom ? "ctc_" : "fc_"), tools, payload, "completed"),
        );
        break;
      }
      default:
        // Images, documents and tool results never appear in an answer.
        break;
    }
  }
  flush();
  return items;
}
