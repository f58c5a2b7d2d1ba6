/**
 * The built-in `echo` provider: answers locally, without a network, so a first-time user's curl
 * (and every offline test) gets a real, protocol-correct answer.
 *
 * - It echoes the last user text: `echo: <text>`.
 * - With tools declared and `/tool` in the last user text, it calls a tool: `/tool NAME` picks
 *   one, otherwise the first. Required string arguments are filled with `"echo"`.
 * - After a tool result, it answers `tool result: <text>`.
 *
 * @module
 */
import type { ContentBlock, Message, ToolResultBlock } from "../../../ir/content.ts";
import type { IrRequest, Tool } from "../../../ir/request.ts";
import type { IrResponse } from "../../../ir/response.ts";

export interface EchoContext {
  newId: (prefix: string) => string;
  /** The request's prompt tokens, for the usage the echo reports. */
  inputTokens: number;
}

export function answerWithEcho(ir: IrRequest, ctx: EchoContext): IrResponse {
  const last = lastUserMessage(ir.messages);
  const result = last?.content.find((b): b is ToolResultBlock => b.type === "tool_result");
  const text = textOf(last?.content ?? []);
  const inputTokens = ctx.inputTokens;

  const toolMatch = /\/tool(?:\s+([A-Za-z0-9_.\-]+))?/.exec(text);
  if (!result && toolMatch && ir.tools.length > 0 && ir.toolChoice?.type !== "none") {
    const tool = ir.tools.find((t) => t.name === toolMatch[1]) ?? ir.tools[0];
    const content: ContentBlock[] = [{
      type: "tool_call",
      id: ctx.newId("call_echo_"),
      name: tool.name,
      input: fillRequired(tool),
      ...(tool.kind === "custom" ? { kind: "custom" as const } : {}),
    }];
    return response(ir, ctx, content, "tool_use", inputTokens);
  }

  const reply = result ? `tool result: ${textOf(result.content)}` : `echo: ${text}`;
  const capped = ir.maxTokens !== undefined && reply.length > ir.maxTokens * 4;
  const body = capped ? reply.slice(0, ir.maxTokens! * 4) : reply;
  return response(
    ir,
    ctx,
    [{ type: "text", text: body }],
    capped ? "max_tokens" : "end_turn",
    inputTokens,
  );
}

function response(
  ir: IrRequest,
  ctx: EchoContext,
  content: ContentBlock[],
  reason: "end_turn" | "tool_use" | "max_tokens",
  inputTokens: number,
): IrResponse {
  const outputChars = content.reduce((n, b) => n + (b.type === "text" ? b.text.length : 20), 0);
  return {
    id: ctx.newId("echo_"),
    model: ir.model,
    content,
    stop: { reason },
    usage: {
      inputTokens,
      outputTokens: Math.max(1, Math.ceil(outputChars / 4)),
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    },
  };
}

function lastUserMessage(messages: Message[]): Message | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === "user") return messages[i];
  }
  return undefined;
}

function textOf(blocks: readonly ContentBlock[]): string {
  return blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n").trim();
}

function fillRequired(tool: Tool): Record<string, unknown> {
  const schema = tool.inputSchema as {
    properties?: Record<string, { type?: unknown }>;
    required?: unknown;
  };
  const required = Array.isArray(schema.required) ? schema.required : [];
  const input: Record<string, unknown> = {};
  for (const name of required) {
    if (typeof name !== "string") continue;
    const type = schema.properties?.[name]?.type;
    input[name] = type === "number" || type === "integer" ? 1 : type === "boolean" ? false : "echo";
  }
  return input;
}
