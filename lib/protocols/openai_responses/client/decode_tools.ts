/**
 * Responses `tools` and `tool_choice` → IR. Function and custom tools map; `namespace` tools are
 * flattened to `<namespace>__<name>` (restored on the way back); hosted tools (`web_search`,
 * `tool_search`, `file_search`, `mcp` …) have no IR form and are kept for Responses upstreams only.
 *
 * @module
 */
import { invalidRequest } from "../../../ir/error.ts";
import type { JsonSchema, Tool, ToolChoice } from "../../../ir/request.ts";
import { isObject } from "../../../json/fields.ts";
import { flatToolName, type ResponsesToolExtensions } from "../extensions.ts";

/** The schema every custom (freeform) tool is given on protocols that only know JSON tools. */
export const CUSTOM_TOOL_SCHEMA: JsonSchema = {
  type: "object",
  properties: { input: { type: "string", description: "The raw text input for this tool." } },
  required: ["input"],
};

export interface DecodedTools {
  tools: Tool[];
  hosted: unknown[];
}

export function decodeTools(
  raw: unknown,
  where: string,
  extra: ResponsesToolExtensions = {},
): DecodedTools {
  if (raw === undefined || raw === null) return { tools: [], hosted: [] };
  if (!Array.isArray(raw)) throw invalidRequest(`${where}: expected an array`);
  const out: DecodedTools = { tools: [], hosted: [] };
  raw.forEach((tool, i) => decodeTool(tool, `${where}[${i}]`, out, undefined, extra));
  return out;
}

function decodeTool(
  tool: unknown,
  where: string,
  out: DecodedTools,
  namespace: string | undefined,
  extra: ResponsesToolExtensions,
): void {
  if (!isObject(tool)) throw invalidRequest(`${where}: expected an object`);
  const tagged = (t: Tool): Tool => {
    if (Object.keys(extra).length > 0) t.extensions = { openai_responses: { ...extra } };
    return t;
  };
  switch (tool.type) {
    case "function":
      out.tools.push(tagged(decodeFunctionTool(tool, where, namespace)));
      return;
    case "custom":
      out.tools.push(tagged(decodeCustomTool(tool, where, namespace)));
      return;
    case "namespace": {
      if (namespace) throw invalidRequest(`${where}: namespaces cannot be nested`);
      const name = requireName(tool, where);
      if (!Array.isArray(tool.tools)) throw invalidRequest(`${where}.tools: expected an array`);
      const inner = typeof tool.description === "string"
        ? { ...extra, namespaceDescription: tool.description }
        : extra;
      tool.tools.forEach((t, j) => decodeTool(t, `${where}.tools[${j}]`, out, name, inner));
      return;
    }
    default:
      if (typeof tool.type !== "string") throw invalidRequest(`${where}.type: expected a string`);
      if (namespace) {
        throw invalidRequest(
          `${where}.type: only function and custom tools may sit in a namespace`,
        );
      }
      out.hosted.push(tool);
  }
}

function requireName(tool: Record<string, unknown>, where: string): string {
  if (typeof tool.name !== "string" || tool.name === "") {
    throw invalidRequest(`${where}.name: expected a non-empty string`);
  }
  return tool.name;
}

function decodeFunctionTool(
  tool: Record<string, unknown>,
  where: string,
  namespace: string | undefined,
): Tool {
  const name = requireName(tool, where);
  const parameters = tool.parameters ?? { type: "object", properties: {} };
  if (!isObject(parameters)) throw invalidRequest(`${where}.parameters: expected an object`);
  const out: Tool = { name: flatToolName(namespace, name), inputSchema: parameters };
  if (typeof tool.description === "string") out.description = tool.description;
  if (typeof tool.strict === "boolean") out.strict = tool.strict;
  if (namespace) out.namespace = namespace;
  return out;
}

function decodeCustomTool(
  tool: Record<string, unknown>,
  where: string,
  namespace: string | undefined,
): Tool {
  const name = requireName(tool, where);
  const out: Tool = {
    name: flatToolName(namespace, name),
    inputSchema: structuredClone(CUSTOM_TOOL_SCHEMA),
    kind: "custom",
  };
  if (typeof tool.description === "string") out.description = tool.description;
  if (tool.format !== undefined) {
    if (!isObject(tool.format)) throw invalidRequest(`${where}.format: expected an object`);
    out.customFormat = tool.format;
  }
  if (namespace) out.namespace = namespace;
  return out;
}

/** `tool_choice` → IR; `raw` is kept when the choice names something the IR cannot express. */
export function decodeToolChoice(
  value: unknown,
): { choice?: ToolChoice; raw?: unknown } {
  if (value === undefined || value === null) return {};
  if (value === "auto") return { choice: { type: "auto" } };
  if (value === "none") return { choice: { type: "none" } };
  if (value === "required") return { choice: { type: "any" } };
  if (isObject(value)) {
    if ((value.type === "function" || value.type === "custom") && typeof value.name === "string") {
      const name = flatToolName(
        typeof value.namespace === "string" ? value.namespace : undefined,
        value.name,
      );
      return { choice: { type: "tool", name } };
    }
    if (value.type === "allowed_tools") {
      const mode = value.mode === "required" ? "any" : "auto";
      return { choice: { type: mode }, raw: value };
    }
    if (typeof value.type === "string") return { choice: { type: "auto" }, raw: value };
  }
  // A mode newer than this gateway: "auto" here, verbatim to a Responses upstream.
  if (typeof value === "string") return { choice: { type: "auto" }, raw: value };
  throw invalidRequest(
    'tool_choice: expected "auto", "none", "required" or {"type":"function","name":…}',
    "tool_choice",
  );
}
