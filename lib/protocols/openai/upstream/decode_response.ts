/**
 * `chat.completion` JSON → IR response.
 *
 * Reasoning comes back as `reasoning_content` (DeepSeek, vLLM) or `reasoning` (OpenRouter);
 * it becomes an unsigned thinking block stamped with the origin, ahead of the text. A Gemini
 * thought signature rides on `extra_content.google.thought_signature`.
 *
 * @module
 */
import type { ContentBlock, ToolCallBlock } from "../../../ir/content.ts";
import { GatewayError } from "../../../ir/error.ts";
import type { IrResponse } from "../../../ir/response.ts";
import { mergeUsage, ZERO_USAGE } from "../../../ir/usage.ts";
import type { AdapterContext } from "../../adapter.ts";
import { decodeOpenAIUsage } from "../usage.ts";
import { isObject, type JsonObject } from "../../../json/fields.ts";
import { openaiStopInfo } from "../stop_reason.ts";
import { upstreamToolArguments } from "../../../json/parse_json_object.ts";

export function decodeOpenAIResponse(body: unknown, ctx: AdapterContext): IrResponse {
  if (!isObject(body)) throw malformed("is not a JSON object");
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isObject(choice)) throw malformed("has no choices[0]");
  const message = isObject(choice.message) ? choice.message : {};
  const content: ContentBlock[] = [];

  const reasoning = reasoningText(message);
  if (reasoning) content.push({ type: "thinking", text: reasoning, origin: ctx.origin });
  const text = messageText(message.content);
  if (text) content.push({ type: "text", text });
  const refusal = typeof message.refusal === "string" ? message.refusal : "";
  if (refusal) content.push({ type: "text", text: refusal });
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isObject) : [];
  for (const call of calls) content.push(decodeToolCall(call, ctx));

  const finish = typeof choice.finish_reason === "string" ? choice.finish_reason : undefined;
  const stop = openaiStopInfo(finish, calls.length > 0);
  if (refusal && !text && calls.length === 0) stop.reason = "refusal";
  return {
    id: typeof body.id === "string" ? body.id : ctx.newId("chatcmpl-"),
    model: typeof body.model === "string" ? body.model : "",
    content,
    stop,
    usage: mergeUsage(ZERO_USAGE, decodeOpenAIUsage(body.usage)),
  };
}

export function reasoningText(message: JsonObject): string {
  const value = message.reasoning_content ?? message.reasoning;
  return typeof value === "string" ? value : "";
}

/** `content` is a string on the standard wire; some servers send an array of text parts. */
function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.flatMap((p) => (isObject(p) && typeof p.text === "string" ? [p.text] : []))
    .join("");
}

function decodeToolCall(call: JsonObject, ctx: AdapterContext): ToolCallBlock {
  const fn = isObject(call.function) ? call.function : {};
  const id = typeof call.id === "string" && call.id !== "" ? call.id : ctx.newId("call_");
  const block: ToolCallBlock = {
    type: "tool_call",
    id,
    name: typeof fn.name === "string" ? fn.name : "",
    input: upstreamToolArguments(typeof fn.arguments === "string" ? fn.arguments : ""),
  };
  const signature = thoughtSignature(call);
  if (signature) {
    block.thoughtSignature = signature;
    block.origin = ctx.origin;
  }
  return block;
}

export function thoughtSignature(call: JsonObject): string | undefined {
  const extra = call.extra_content;
  if (!isObject(extra) || !isObject(extra.google)) return undefined;
  const sig = extra.google.thought_signature;
  return typeof sig === "string" && sig !== "" ? sig : undefined;
}

function malformed(what: string): GatewayError {
  return new GatewayError({
    status: 502,
    kind: "api_error",
    message: `upstream chat completion ${what}`,
  });
}
