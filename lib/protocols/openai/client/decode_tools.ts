/**
 * Chat Completions `tools` and `tool_choice` → IR.
 *
 * @module
 */
import type { Tool, ToolChoice } from "../../../ir/request.ts";
import {
  expectArray,
  expectObject,
  expectString,
  fail,
  isObject,
  type JsonObject,
  optionalBoolean,
  optionalString,
} from "../../../json/fields.ts";

/** A function with no `parameters` takes no arguments; the IR always carries a schema. */
const NO_PARAMETERS = { type: "object", properties: {} };

/**
 * Function tools → IR tools. Tools of another type (`custom`, types newer than this gateway)
 * are returned apart, verbatim, for an OpenAI upstream only.
 */
export function decodeTools(value: unknown): { tools: Tool[]; otherTools: JsonObject[] } {
  const tools: Tool[] = [];
  const otherTools: JsonObject[] = [];
  if (value === undefined || value === null) return { tools, otherTools };
  expectArray(value, "tools").forEach((raw, i) => {
    const tool = expectObject(raw, `tools[${i}]`);
    if (tool.type === "function") tools.push(decodeFunctionTool(tool, `tools[${i}]`));
    else if (typeof tool.type === "string") otherTools.push(tool);
    else fail(`tools[${i}].type`, "expected a string");
  });
  return { tools, otherTools };
}

function decodeFunctionTool(tool: JsonObject, path: string): Tool {
  {
    const fn = expectObject(tool.function, `${path}.function`);
    const name = expectString(fn.name, `${path}.function.name`);
    if (name === "") fail(`${path}.function.name`, "must not be empty");
    const out: Tool = {
      name,
      inputSchema: fn.parameters === undefined || fn.parameters === null
        ? { ...NO_PARAMETERS }
        : expectObject(fn.parameters, `${path}.function.parameters`),
    };
    const description = optionalString(fn.description, `${path}.function.description`);
    if (description !== undefined) out.description = description;
    const strict = optionalBoolean(fn.strict, `${path}.function.strict`);
    if (strict !== undefined) out.strict = strict;
    return out;
  }
}

/**
 * Returns `undefined` for choices the IR cannot express (`allowed_tools`); the caller keeps
 * those in `extensions.openai` so an OpenAI upstream still receives them.
 */
export function decodeToolChoice(value: unknown): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") {
    switch (value) {
      case "auto":
        return { type: "auto" };
      case "none":
        return { type: "none" };
      case "required":
        return { type: "any" };
      default:
        return undefined; // a mode newer than this gateway: kept for an OpenAI upstream
    }
  }
  const choice = expectObject(value, "tool_choice");
  if (choice.type === "function") {
    const fn = expectObject(choice.function, "tool_choice.function");
    return { type: "tool", name: expectString(fn.name, "tool_choice.function.name") };
  }
  if (typeof choice.type === "string" && isObject(choice)) return undefined;
  return fail("tool_choice.type", "expected a string");
}
