/**
 * IR system prompt and messages → Anthropic `system` and `messages`.
 *
 * A mid-conversation IR `system` message: toward an Anthropic client it is passed through as
 * `role: "system"` (Claude Code sends exactly that to the real API); for any other client it is
 * folded into a user turn as a `<system-reminder>` text block, the form Anthropic models are
 * trained on, since the documented Messages API takes only user and assistant turns.
 * Consecutive same-role turns are merged, tool results come first in a user turn, and turns
 * left empty are dropped.
 *
 * @module
 */
import type { Message, ProtocolId, TextBlock } from "../../../ir/content.ts";
import { encodeAnthropicBlock, type WireBlock } from "./encode_content.ts";

export interface WireMessage {
  role: "user" | "assistant" | "system";
  content: WireBlock[];
  [extra: string]: unknown;
}

export function encodeAnthropicSystem(system: TextBlock[]): WireBlock[] | undefined {
  const blocks = system.map((b) => encodeAnthropicBlock(b)).filter((b) => b !== undefined);
  return blocks.length > 0 ? blocks : undefined;
}

export function encodeAnthropicMessages(
  messages: Message[],
  clientProtocol: ProtocolId,
): WireMessage[] {
  const out: WireMessage[] = [];
  for (const message of messages) {
    const wire = encodeMessage(message, clientProtocol);
    if (wire.content.length === 0) continue;
    const last = out.at(-1);
    if (last && last.role === wire.role) last.content.push(...wire.content);
    else out.push(wire);
  }
  for (const message of out) {
    if (message.role === "user") message.content = toolResultsFirst(message.content);
  }
  return out;
}

function encodeMessage(message: Message, clientProtocol: ProtocolId): WireMessage {
  const content = message.content.map((b) => encodeAnthropicBlock(b))
    .filter((b) => b !== undefined);
  if (message.role !== "system" || clientProtocol === "anthropic") {
    // An Anthropic client's own message fields the IR does not model go back as sent.
    return { ...message.extensions?.anthropic, role: message.role, content };
  }
  const text = content.flatMap((b) => (b.type === "text" ? [b.text as string] : [])).join("\n\n");
  return {
    role: "user",
    content: text ? [{ type: "text", text: `<system-reminder>\n${text}\n</system-reminder>` }] : [],
  };
}

function toolResultsFirst(content: WireBlock[]): WireBlock[] {
  const results = content.filter((b) => b.type === "tool_result");
  if (results.length === 0) return content;
  return [...results, ...content.filter((b) => b.type !== "tool_result")];
}
