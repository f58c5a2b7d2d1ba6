/**
 * IR response → `chat.completion` object.
 *
 * Thinking text goes out as the non-standard `reasoning_content` (DeepSeek's name, which the
 * official SDKs ignore) and never as visible content. Thinking signatures and redacted thinking
 * have no place on this wire and are dropped. A Gemini thought signature on a tool call travels
 * as `extra_content.google.thought_signature`, Gemini's own OpenAI-compatible convention.
 *
 * @module
 */
import type { ToolCallBlock } from "../../../ir/content.ts";
import { sealArtifact } from "../../../ir/artifacts.ts";
import type { IrResponse } from "../../../ir/response.ts";
import type { EntryContext } from "../../entry.ts";
import { encodeOpenAIUsage } from "../usage.ts";
import { openaiFinishReason } from "../stop_reason.ts";

export function encodeOpenAIResponse(response: IrResponse, ctx: EntryContext): unknown {
  const texts: string[] = [];
  const thoughts: string[] = [];
  const calls: ToolCallBlock[] = [];
  for (const block of response.content) {
    if (block.type === "text") texts.push(block.text);
    else if (block.type === "thinking" && block.text !== "") thoughts.push(block.text);
    else if (block.type === "tool_call") calls.push(block);
  }
  const message: Record<string, unknown> = {
    role: "assistant",
    content: texts.length > 0 ? texts.join("") : null,
    refusal: null,
  };
  if (thoughts.length > 0) message.reasoning_content = thoughts.join("");
  if (calls.length > 0) message.tool_calls = calls.map(encodeToolCall);
  return {
    id: ctx.responseId,
    object: "chat.completion",
    created: Math.floor(ctx.now() / 1000),
    model: ctx.clientModel,
    choices: [{
      index: 0,
      message,
      finish_reason: openaiFinishReason(response.stop.reason, calls.length > 0),
      logprobs: null,
    }],
    usage: encodeOpenAIUsage(response.usage),
  };
}

export function encodeToolCall(call: ToolCallBlock): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: call.id,
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.input) },
  };
  if (call.thoughtSignature) {
    out.extra_content = {
      google: { thought_signature: sealArtifact(call.thoughtSignature, call.origin, "openai") },
    };
  }
  return out;
}
