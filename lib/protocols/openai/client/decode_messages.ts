/**
 * Chat Completions `messages` → IR system blocks and messages.
 *
 * Leading system/developer messages become `ir.system`; later ones stay in place as IR
 * `system` messages. Consecutive `role: "tool"` messages become ONE IR user message of
 * tool_result blocks, in order, so every target sees all results of a turn right after the calls.
 * Tool ids are checked here: an empty id, or a result whose id matches no earlier call, is a 400
 * rather than an invalid request forwarded upstream.
 *
 * @module
 */
import type {
  ContentBlock,
  Message,
  TextBlock,
  ThinkingBlock,
  ToolCallBlock,
  ToolResultBlock,
} from "../../../ir/content.ts";
import { openArtifact } from "../../../ir/artifacts.ts";
import { clientToolArguments } from "../../../json/parse_json_object.ts";
import { decodeTextContent, decodeUserContent } from "./decode_content.ts";
import {
  expectArray,
  expectObject,
  expectString,
  fail,
  isObject,
  type JsonObject,
  optionalString,
} from "../../../json/fields.ts";

export interface DecodedMessages {
  system: TextBlock[];
  messages: Message[];
}

export function decodeMessages(value: unknown): DecodedMessages {
  const raw = expectArray(value, "messages");
  const system: TextBlock[] = [];
  const messages: Message[] = [];
  const callNames = new Map<string, string>(); // tool call id → tool name, for results
  let toolGroup: ToolResultBlock[] | undefined;

  raw.forEach((item, i) => {
    const path = `messages[${i}]`;
    const message = expectObject(item, path);
    const role = expectString(message.role, `${path}.role`);
    if (role !== "tool") toolGroup = undefined;
    switch (role) {
      case "system":
      case "developer": {
        const blocks = decodeTextContent(message.content, `${path}.content`);
        if (messages.length === 0) system.push(...blocks);
        else if (blocks.length > 0) messages.push({ role: "system", content: blocks });
        return;
      }
      case "user": {
        const content = decodeUserContent(message.content, `${path}.content`);
        if (content.length > 0) messages.push({ role: "user", content });
        return;
      }
      case "assistant": {
        const content = decodeAssistant(message, path, callNames);
        if (content.length > 0) messages.push({ role: "assistant", content });
        return;
      }
      case "tool": {
        const result = decodeToolMessage(message, path, callNames);
        if (!toolGroup) {
          toolGroup = [];
          messages.push({ role: "user", content: toolGroup });
        }
        toolGroup.push(result);
        return;
      }
      case "function":
        return fail(`${path}.role`, 'legacy "function" messages are not supported; use tools');
      default:
        return fail(
          `${path}.role`,
          'expected "system", "developer", "user", "assistant" or "tool"',
        );
    }
  });
  return { system, messages };
}

function decodeAssistant(
  message: JsonObject,
  path: string,
  callNames: Map<string, string>,
): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  // DeepSeek-style replayed reasoning: kept unsigned; dropForeignArtifacts removes it before
  // any upstream sees it, since no provider accepts unsigned reasoning back.
  const reasoning = optionalString(message.reasoning_content, `${path}.reasoning_content`);
  if (reasoning) blocks.push({ type: "thinking", text: reasoning } satisfies ThinkingBlock);
  blocks.push(...decodeAssistantText(message.content, `${path}.content`));
  const refusal = optionalString(message.refusal, `${path}.refusal`);
  if (refusal) blocks.push({ type: "text", text: refusal });
  if (message.function_call !== undefined && message.function_call !== null) {
    fail(`${path}.function_call`, "legacy function calling is not supported; use tool_calls");
  }
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    expectArray(message.tool_calls, `${path}.tool_calls`).forEach((raw, j) => {
      const call = decodeToolCall(raw, `${path}.tool_calls[${j}]`);
      callNames.set(call.id, call.name);
      blocks.push(call);
    });
  }
  return blocks;
}

function decodeAssistantText(content: unknown, path: string): TextBlock[] {
  if (typeof content === "string" || content === undefined || content === null) {
    return decodeTextContent(content, path);
  }
  return expectArray(content, path).flatMap((raw, i) => {
    const part = expectObject(raw, `${path}[${i}]`);
    const key = part.type === "refusal" ? "refusal" : "text";
    if (part.type !== "text" && part.type !== "refusal") {
      fail(`${path}[${i}].type`, 'expected "text" or "refusal"');
    }
    const text = expectString(part[key], `${path}[${i}].${key}`);
    return text === "" ? [] : [{ type: "text" as const, text }];
  });
}

function decodeToolCall(raw: unknown, path: string): ToolCallBlock {
  const call = expectObject(raw, path);
  const id = expectString(call.id, `${path}.id`);
  if (id === "") fail(`${path}.id`, "tool call id must not be empty");
  if (call.type !== undefined && call.type !== "function") {
    fail(`${path}.type`, 'expected "function"');
  }
  const fn = expectObject(call.function, `${path}.function`);
  const name = expectString(fn.name, `${path}.function.name`);
  const args = fn.arguments === undefined
    ? ""
    : expectString(fn.arguments, `${path}.function.arguments`);
  const block: ToolCallBlock = {
    type: "tool_call",
    id,
    name,
    input: clientToolArguments(args, `${path}.function.arguments`),
  };
  const signature = googleThoughtSignature(call.extra_content);
  if (signature !== undefined) {
    const { artifact, origin } = openArtifact(signature, "openai");
    block.thoughtSignature = artifact;
    block.origin = origin;
  }
  return block;
}

/** Gemini's OpenAI-compatible wire carries thought signatures as `extra_content.google`. */
export function googleThoughtSignature(extra: unknown): string | undefined {
  if (!isObject(extra) || !isObject(extra.google)) return undefined;
  const signature = extra.google.thought_signature;
  return typeof signature === "string" && signature !== "" ? signature : undefined;
}

function decodeToolMessage(
  message: JsonObject,
  path: string,
  callNames: Map<string, string>,
): ToolResultBlock {
  const callId = expectString(message.tool_call_id, `${path}.tool_call_id`);
  if (callId === "") fail(`${path}.tool_call_id`, "must not be empty");
  const name = callNames.get(callId);
  if (name === undefined) {
    fail(`${path}.tool_call_id`, `no earlier assistant tool call has id "${callId}"`);
  }
  const content = decodeTextContent(message.content, `${path}.content`);
  return { type: "tool_result", callId, name, content };
}
