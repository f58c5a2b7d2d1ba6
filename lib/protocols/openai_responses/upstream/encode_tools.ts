/**
 * IR tools and tool choice → Responses `tools` / `tool_choice`.
 *
 * Toward a Responses client the client's own shapes come back: namespaced tools regrouped into
 * their `namespace`, custom tools with their grammar, hosted tools and `allowed_tools` choices
 * verbatim. Tools that arrived in an `additional_tools` item are re-sent in that item instead.
 *
 * @module
 */
import type { ProtocolId } from "../../../ir/content.ts";
import type { IrRequest, Tool, ToolChoice } from "../../../ir/request.ts";
import { clientToolName, responsesExtensions, toolExtensions } from "../extensions.ts";
import { asObjectSchema } from "../../../json/object_schema.ts";

export function encodeResponsesTools(ir: IrRequest, client: ProtocolId): unknown[] {
  const sameClient = client === "openai_responses";
  const ext = responsesExtensions(ir.extensions);
  const reSentInItem = sameClient && ext.additionalToolsItems !== undefined;
  const out: unknown[] = [];
  const namespaces = new Map<string, { type: "namespace"; name: string; tools: unknown[] }>();
  for (const tool of ir.tools) {
    if (reSentInItem && toolExtensions(tool).viaAdditionalTools) continue;
    if (sameClient && tool.namespace) {
      let group = namespaces.get(tool.namespace);
      if (!group) {
        group = { type: "namespace", name: tool.namespace, tools: [] };
        const description = toolExtensions(tool).namespaceDescription;
        if (description !== undefined) Object.assign(group, { description });
        namespaces.set(tool.namespace, group);
        out.push(group);
      }
      group.tools.push(encodeTool(tool, clientToolName(tool.name, ir.tools).name));
      continue;
    }
    out.push(encodeTool(tool, tool.name));
  }
  if (sameClient && ext.hostedTools) out.push(...ext.hostedTools);
  return out;
}

function encodeTool(tool: Tool, name: string): Record<string, unknown> {
  if (tool.kind === "custom") {
    const custom: Record<string, unknown> = { type: "custom", name };
    if (tool.description !== undefined) custom.description = tool.description;
    if (tool.customFormat !== undefined) custom.format = tool.customFormat;
    return custom;
  }
  const fn: Record<string, unknown> = { type: "function", name };
  if (tool.description !== undefined) fn.description = tool.description;
  fn.parameters = asObjectSchema(tool.inputSchema);
  // Responses treats an absent `strict` as true, which rejects most client schemas.
  fn.strict = tool.strict ?? false;
  return fn;
}

export function encodeResponsesToolChoice(
  ir: IrRequest,
  client: ProtocolId,
): unknown {
  const raw = responsesExtensions(ir.extensions).toolChoice;
  if (client === "openai_responses" && raw !== undefined) return raw;
  const choice: ToolChoice | undefined = ir.toolChoice;
  if (!choice) return undefined;
  switch (choice.type) {
    case "auto":
      return "auto";
    case "any":
      return "required";
    case "none":
      return "none";
    case "tool": {
      const tool = ir.tools.find((t) => t.name === choice.name);
      const type = tool?.kind === "custom" ? "custom" : "function";
      if (client === "openai_responses" && tool?.namespace) {
        const { name, namespace } = clientToolName(choice.name, ir.tools);
        return { type, name, namespace };
      }
      return { type, name: choice.name };
    }
    default:
      choice satisfies never;
      return undefined;
  }
}
