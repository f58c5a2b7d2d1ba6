/**
 * IR response → Anthropic Messages JSON. The id is the gateway's, the model is the one the
 * client asked for.
 *
 * @module
 */
import type { IrResponse } from "../../../ir/response.ts";
import type { EntryContext } from "../../entry.ts";
import { encodeAnthropicAnswerBlock } from "./encode_block.ts";
import { encodeAnthropicUsage } from "../usage.ts";
import { anthropicStopReason, anthropicStopSequence } from "../stop_reason.ts";

export function encodeAnthropicResponse(response: IrResponse, ctx: EntryContext): unknown {
  const content = response.content.flatMap(encodeAnthropicAnswerBlock);
  const stopReason = anthropicStopReason(
    response.stop,
    content.some((b) => b.type === "tool_use"),
  );
  return {
    id: ctx.responseId,
    type: "message",
    role: "assistant",
    model: ctx.clientModel,
    content,
    stop_reason: stopReason,
    stop_sequence: anthropicStopSequence(response.stop, stopReason),
    usage: encodeAnthropicUsage(response.usage),
  };
}
