/**
 * Anthropic `tools` and `tool_choice` → IR.
 *
 * Client tools (no `type`, or `type: "custom"`) become IR tools; fields the IR does not model
 * (`defer_loading`, `eager_input_streaming`, `input_examples`, `type` …) ride along in
 * `tool.extensions.anthropic`. Server tools (`web_search_20250305`, `bash_20250124`,
 * `text_editor_…`) are kept verbatim with their position for Anthropic upstreams only; every
 * other upstream never sees them.
 *
 * @module
 */
import type { Tool, ToolChoice } from "../../../ir/request.ts";
import { invalidRequest } from "../../../ir/error.ts";
import {
  expectArray,
  expectObject,
  expectString,
  type JsonObject,
  optionalBoolean,
  optionalString,
} from "../../../json/fields.ts";
import { blockExtras, optionalCacheControl } from "../wire.ts";

const TOOL_FIELDS = ["name", "description", "input_schema", "strict"] as const;

/** A server tool and where it stood in the client's list, so the order survives. */
export interface ServerToolEntry {
  index: number;
  tool: JsonObject;
}

export interface DecodedTools {
  tools: Tool[];
  serverTools: ServerToolEntry[];
}

export function decodeAnthropicTools(value: unknown): DecodedTools {
  const tools: Tool[] = [];
  const serverTools: ServerToolEntry[] = [];
  if (value === undefined || value === null) return { tools, serverTools };
  expectArray(value, "tools").forEach((item, i) => {
    const path = `tools[${i}]`;
    const tool = expectObject(item, path);
    const type = optionalString(tool.type, `${path}.type`);
    if (type !== undefined && type !== "custom") {
      serverTools.push({ index: i, tool });
      return;
    }
    tools.push(decodeClientTool(tool, path));
  });
  return { tools, serverTools };
}

function decodeClientTool(tool: JsonObject, path: string): Tool {
  const name = expectString(tool.name, `${path}.name`);
  if (name === "") throw invalidRequest(`${path}.name: must not be empty`, `${path}.name`);
  const description = optionalString(tool.description, `${path}.description`);
  const inputSchema = expectObject(tool.input_schema, `${path}.input_schema`);
  const cacheControl = optionalCacheControl(tool.cache_control, `${path}.cache_control`);
  const strict = optionalBoolean(tool.strict, `${path}.strict`);
  const extra = blockExtras(tool, TOOL_FIELDS, cacheControl)?.anthropic;
  return {
    name,
    ...(description !== undefined ? { description } : {}),
    inputSchema,
    ...(strict !== undefined ? { strict } : {}),
    ...(cacheControl ? { cacheControl } : {}),
    ...(extra ? { extensions: { anthropic: extra } } : {}),
  };
}

export function decodeAnthropicToolChoice(
  value: unknown,
): { toolChoice?: ToolChoice; parallelToolCalls?: boolean; raw?: JsonObject } {
  if (value === undefined || value === null) return {};
  const choice = expectObject(value, "tool_choice");
  const type = expectString(choice.type, "tool_choice.type");
  const disable = optionalBoolean(
    choice.disable_parallel_tool_use,
    "tool_choice.disable_parallel_tool_use",
  );
  const parallel = disable === true ? { parallelToolCalls: false } : {};
  switch (type) {
    case "auto":
    case "any":
    case "none":
      return { toolChoice: { type }, ...parallel };
    case "tool":
      return {
        toolChoice: { type: "tool", name: expectString(choice.name, "tool_choice.name") },
        ...parallel,
      };
    default:
      // A choice the IR does not know: verbatim to an Anthropic upstream, "auto" elsewhere.
      return { raw: choice };
  }
}
