/**
 * Anthropic Messages request body → IR.
 *
 * Everything the IR models is decoded and checked (400 with the field path otherwise);
 * everything else at the top level (`context_management`, `service_tier`, `container`,
 * `mcp_servers` …) is kept verbatim in `ir.extensions.anthropic`, which only an Anthropic
 * upstream serving an Anthropic client ever sees.
 *
 * @module
 */
import type { Message, Role, TextBlock } from "../../../ir/content.ts";
import type { IrRequest } from "../../../ir/request.ts";
import { invalidRequest } from "../../../ir/error.ts";
import type { DecodedRequest } from "../../entry.ts";
import { decodeAnthropicContent } from "./decode_content.ts";
import { decodeAnthropicReasoning } from "./decode_reasoning.ts";
import { decodeAnthropicToolChoice, decodeAnthropicTools } from "./decode_tools.ts";
import { SERVER_TOOLS_KEY } from "../extensions.ts";
import {
  expectArray,
  expectObject,
  expectString,
  type JsonObject,
  optionalBoolean,
  optionalNumber,
  optionalString,
} from "../../../json/fields.ts";
import { unknownFields } from "../wire.ts";
import { decodeThread } from "./threads.ts";

const MODELED = [
  "model",
  "max_tokens",
  "system",
  "messages",
  "tools",
  "tool_choice",
  "thinking",
  "output_config",
  "stop_sequences",
  "temperature",
  "top_p",
  "top_k",
  "stream",
  "metadata",
] as const;

export function decodeAnthropicRequest(body: unknown): DecodedRequest {
  const b = expectObject(body, "body");
  const model = expectString(b.model, "model");
  if (model.trim() === "") throw invalidRequest("model: must not be empty", "model");
  const thread = decodeThread(b.thread);
  // A thread continuation's first tool_result answers a call the thread holds: checked once the
  // thread is expanded (threads.ts), or by an Anthropic upstream that holds the thread.
  const messages = decodeMessages(b.messages, thread?.type !== "continue");
  const { tools, serverTools } = decodeAnthropicTools(b.tools);
  const choice = decodeAnthropicToolChoice(b.tool_choice);
  const reasoning = decodeAnthropicReasoning(b.thinking, b.output_config);
  const extensions: JsonObject = unknownFields(b, MODELED) ?? {};
  if (serverTools.length > 0) extensions[SERVER_TOOLS_KEY] = serverTools;
  if (reasoning.unknownThinking) extensions.thinking = reasoning.unknownThinking;
  if (reasoning.thinkingExtra) extensions.thinking = reasoning.thinkingExtra;
  if (choice.raw) extensions.tool_choice = choice.raw;
  if (reasoning.outputConfigExtra) extensions.output_config = reasoning.outputConfigExtra;
  const metadata = decodeMetadata(b.metadata, extensions);

  const ir: IrRequest = {
    model,
    system: decodeSystem(b.system),
    messages,
    tools,
    ...(choice.toolChoice ? { toolChoice: choice.toolChoice } : {}),
    ...(choice.parallelToolCalls !== undefined
      ? { parallelToolCalls: choice.parallelToolCalls }
      : {}),
    stream: optionalBoolean(b.stream, "stream") ?? false,
  };
  const maxTokens = optionalNumber(b.max_tokens, "max_tokens");
  if (maxTokens !== undefined) {
    if (!Number.isInteger(maxTokens) || maxTokens < 1) {
      throw invalidRequest("max_tokens: expected a positive integer", "max_tokens");
    }
    ir.maxTokens = maxTokens;
  }
  setIfDefined(ir, "temperature", optionalNumber(b.temperature, "temperature"));
  setIfDefined(ir, "topP", optionalNumber(b.top_p, "top_p"));
  setIfDefined(ir, "topK", optionalNumber(b.top_k, "top_k"));
  if (b.stop_sequences !== undefined && b.stop_sequences !== null) {
    ir.stopSequences = expectArray(b.stop_sequences, "stop_sequences").map((s, i) =>
      expectString(s, `stop_sequences[${i}]`)
    );
  }
  setIfDefined(ir, "user", metadata);
  setIfDefined(ir, "reasoning", reasoning.reasoning);
  setIfDefined(ir, "responseFormat", reasoning.responseFormat);
  if (Object.keys(extensions).length > 0) ir.extensions = { anthropic: extensions };
  return { ir, wire: thread ? { thread } : {} };
}

function setIfDefined<K extends keyof IrRequest>(ir: IrRequest, key: K, value: IrRequest[K]) {
  if (value !== undefined) ir[key] = value;
}

/** `metadata.user_id` is kept verbatim (Claude Code sends a JSON-encoded string). */
function decodeMetadata(value: unknown, extensions: JsonObject): string | undefined {
  if (value === undefined || value === null) return undefined;
  const metadata = expectObject(value, "metadata");
  const extra = unknownFields(metadata, ["user_id"]);
  if (extra) extensions.metadata = extra;
  return optionalString(metadata.user_id, "metadata.user_id");
}

function decodeSystem(value: unknown): TextBlock[] {
  if (value === undefined || value === null) return [];
  const blocks = decodeAnthropicContent(value, "system", "system");
  return blocks.filter((b): b is TextBlock => b.type === "text");
}

function decodeMessages(value: unknown, checkPairs: boolean): Message[] {
  const items = expectArray(value, "messages");
  const messages: Message[] = [];
  items.forEach((item, i) => {
    const path = `messages[${i}]`;
    const m = expectObject(item, path);
    const role = expectString(m.role, `${path}.role`);
    if (role !== "user" && role !== "assistant" && role !== "system") {
      throw invalidRequest(
        `${path}.role: expected "user", "assistant" or "system", got "${role}"`,
        `${path}.role`,
      );
    }
    const content = decodeAnthropicContent(m.content, role as Role, `${path}.content`);
    if (checkPairs) checkToolResults(content, messages, path);
    // Per-message extras (Claude Code's `output_config` on a system message) ride along.
    const extra = unknownFields(m, ["role", "content"]);
    if (content.length > 0) {
      messages.push({
        role: role as Role,
        content,
        ...(extra ? { extensions: { anthropic: extra } } : {}),
      });
    }
  });
  return messages;
}

/** Every tool_result must answer a tool_use of the latest assistant turn: else a clear 400. */
function checkToolResults(content: Message["content"], before: Message[], path: string): void {
  const results = content.filter((b) => b.type === "tool_result");
  if (results.length === 0) return;
  const assistant = before.findLast((m) => m.role === "assistant");
  const ids = new Set(
    (assistant?.content ?? []).flatMap((b) => (b.type === "tool_call" ? [b.id] : [])),
  );
  for (const result of results) {
    if (!ids.has(result.callId)) {
      throw invalidRequest(
        `${path}.content: tool_result for tool_use_id "${result.callId}" does not match any ` +
          "tool_use in the preceding assistant message",
        `${path}.content`,
      );
    }
  }
}
