/**
 * Canonical key order for tool schemas and tool-call inputs.
 *
 * Clients rebuild tool definitions from maps whose iteration order is not guaranteed (MCP
 * servers, plugin registries), and models emit tool arguments in whatever order they like.
 * Serialized as-is, two equivalent requests differ in bytes and every prefix cache misses from
 * the first differing tool onwards. Sorting object keys recursively makes equal values
 * serialize identically. Arrays keep their order: in JSON Schema (`required`, `enum`, `anyOf`)
 * and in arguments, order can carry meaning.
 *
 * @module
 */
import type { ContentBlock, Message } from "../../ir/content.ts";
import type { IrRequest, Tool } from "../../ir/request.ts";
import { canonicalize } from "../../json/canonical_json.ts";

/** Tool schemas and every tool-call input in canonical key order; nothing else changes. */
export function canonicalizeToolShapes(ir: IrRequest): IrRequest {
  return {
    ...ir,
    tools: ir.tools.map(canonicalTool),
    messages: ir.messages.map(canonicalMessage),
  };
}

/** The whole definition, not just its schema: IR tools are plain data, so sorting is harmless. */
function canonicalTool(tool: Tool): Tool {
  return canonicalize(tool);
}

function canonicalMessage(message: Message): Message {
  if (!message.content.some((b) => b.type === "tool_call")) return message;
  return { ...message, content: message.content.map(canonicalBlock) };
}

function canonicalBlock(block: ContentBlock): ContentBlock {
  return block.type === "tool_call" ? { ...block, input: canonicalize(block.input) } : block;
}
