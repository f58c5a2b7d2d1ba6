/**
 * IR tools and tool choice → Anthropic `tools` and `tool_choice`.
 *
 * Anthropic-only tool fields (`strict`, `defer_loading` and the rest of
 * `tool.extensions.anthropic`) travel only when the client spoke Anthropic: they are paired with
 * beta headers that only such a client sends. Server tools kept by the Anthropic entry go back
 * to the positions the client gave them.
 *
 * @module
 */
import type { ProtocolId } from "../../../ir/content.ts";
import type { IrRequest, Tool } from "../../../ir/request.ts";
import type { ServerToolEntry } from "../client/decode_tools.ts";
import { SERVER_TOOLS_KEY } from "../extensions.ts";

type Wire = Record<string, unknown>;

export function encodeAnthropicTools(ir: IrRequest, clientProtocol: ProtocolId): Wire[] {
  const sameProtocol = clientProtocol === "anthropic";
  const tools: Wire[] = ir.tools.map((tool) => encodeTool(tool, sameProtocol));
  const server = sameProtocol ? ir.extensions?.anthropic?.[SERVER_TOOLS_KEY] : undefined;
  if (Array.isArray(server)) {
    for (const entry of server as ServerToolEntry[]) {
      tools.splice(Math.min(entry.index, tools.length), 0, entry.tool);
    }
  }
  return tools;
}

function encodeTool(tool: Tool, sameProtocol: boolean): Wire {
  const wire: Wire = { name: tool.name };
  if (tool.description !== undefined) wire.description = tool.description;
  wire.input_schema = tool.inputSchema ?? { type: "object" };
  if (sameProtocol && tool.strict !== undefined) wire.strict = tool.strict;
  if (tool.cacheControl) wire.cache_control = tool.cacheControl;
  if (sameProtocol && tool.extensions?.anthropic) Object.assign(wire, tool.extensions.anthropic);
  return wire;
}

/** `parallelToolCalls: false` alone becomes `{type: "auto", disable_parallel_tool_use: true}`. */
export function encodeAnthropicToolChoice(ir: IrRequest, toolCount: number): Wire | undefined {
  if (toolCount === 0) return undefined;
  const choice = ir.toolChoice;
  const noParallel = ir.parallelToolCalls === false;
  if (!choice) return noParallel ? { type: "auto", disable_parallel_tool_use: true } : undefined;
  const wire: Wire = choice.type === "tool" ? { type: "tool", name: choice.name } : {
    type: choice.type,
  };
  if (noParallel && choice.type !== "none") wire.disable_parallel_tool_use = true;
  return wire;
}
