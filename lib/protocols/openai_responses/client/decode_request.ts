/**
 * A Responses request body → IR. Fields the IR models are mapped; the rest is kept in
 * `ir.extensions.openai_responses` for a Responses upstream (see extensions.ts).
 *
 * @module
 */
import { invalidRequest } from "../../../ir/error.ts";
import type { DecodedRequest } from "../../entry.ts";
import {
  type Effort,
  EFFORTS,
  type IrRequest,
  type ReasoningControl,
  type ResponseFormat,
} from "../../../ir/request.ts";
import {
  expectObject,
  isObject,
  optionalBoolean,
  optionalNumber,
  optionalString,
} from "../../../json/fields.ts";
import { decodeInput } from "./decode_input_items.ts";
import { decodeToolChoice, decodeTools } from "./decode_tools.ts";
import type { ResponsesExtensions } from "../extensions.ts";
import { passthroughFields } from "./passthrough_fields.ts";

export interface ResponsesWire {
  /** What the response object echoes back (tools, tool_choice, sampling …). */
  echo: Record<string, unknown>;
  store?: boolean;
}

export function decodeResponsesRequest(body: unknown): DecodedRequest {
  if (!isObject(body)) throw invalidRequest("request body: expected a JSON object");
  if (typeof body.model !== "string" || body.model === "") {
    throw invalidRequest("model: expected a non-empty string", "model");
  }
  if (body.input === undefined && body.previous_response_id === undefined) {
    throw invalidRequest("input: required", "input");
  }
  const ext: ResponsesExtensions = {};
  const input = decodeInput(body.input);
  const system = [...input.system];
  const instructions = optionalString(body.instructions, "instructions");
  if (instructions) {
    system.unshift({ type: "text", text: instructions });
    ext.hasInstructions = true;
  }
  if (input.systemRoles.length > 0) ext.systemRoles = input.systemRoles;

  const top = decodeTools(body.tools, "tools");
  const tools = [...top.tools];
  input.additionalToolsItems.forEach((item, i) => {
    // Hosted tools inside the item travel with the item itself to a Responses upstream.
    const extra = decodeTools(item.tools, `additional_tools[${i}].tools`, {
      viaAdditionalTools: true,
    });
    tools.push(...extra.tools);
  });
  if (top.hosted.length > 0) ext.hostedTools = top.hosted;
  if (input.additionalToolsItems.length > 0) ext.additionalToolsItems = input.additionalToolsItems;
  if (input.unknownItemTypes.length > 0) {
    ext.unknownItemTypes = input.unknownItemTypes;
    ext.rawInput = body.input as unknown[];
    ext.rawInstructions = body.instructions;
  }
  const choice = decodeToolChoice(body.tool_choice);
  if (choice.raw !== undefined) ext.toolChoice = choice.raw;

  const ir: IrRequest = {
    model: body.model,
    system,
    messages: input.messages,
    tools,
    stream: optionalBoolean(body.stream, "stream") ?? false,
  };
  if (choice.choice) ir.toolChoice = choice.choice;
  assign(ir, "parallelToolCalls", optionalBoolean(body.parallel_tool_calls, "parallel_tool_calls"));
  assign(ir, "maxTokens", positiveInt(body.max_output_tokens));
  assign(ir, "temperature", optionalNumber(body.temperature, "temperature"));
  assign(ir, "topP", optionalNumber(body.top_p, "top_p"));
  assign(ir, "user", optionalString(body.user, "user"));
  assign(ir, "metadata", metadata(body.metadata));
  assign(ir, "reasoning", decodeReasoning(body.reasoning, ext));
  assign(ir, "responseFormat", decodeText(body.text, ext));
  const key = optionalString(body.prompt_cache_key, "prompt_cache_key");
  const retention = optionalString(body.prompt_cache_retention, "prompt_cache_retention");
  if (key !== undefined || retention !== undefined) {
    ir.promptCache = {};
    assign(ir.promptCache, "key", key);
    assign(ir.promptCache, "retention", retention);
  }
  const fields = passthroughFields(body);
  if (Object.keys(fields).length > 0) ext.fields = fields;
  if (Object.keys(ext).length > 0) ir.extensions = { openai_responses: { ...ext } };

  const store = optionalBoolean(body.store, "store");
  const echo = echoFields(body);
  const wire: ResponsesWire = store === undefined ? { echo } : { echo, store };
  return { ir, wire: { ...wire } };
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined) {
  if (value !== undefined) target[key] = value;
}

function positiveInt(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw invalidRequest("max_output_tokens: expected a positive integer", "max_output_tokens");
  }
  return value;
}

function metadata(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== "string")) {
    throw invalidRequest("metadata: expected an object of string values", "metadata");
  }
  return value as Record<string, string>;
}

function decodeReasoning(value: unknown, ext: ResponsesExtensions): ReasoningControl | undefined {
  if (value === undefined || value === null) return undefined;
  const { effort, summary, generate_summary, ...rest } = expectObject(value, "reasoning");
  if (effort !== undefined && effort !== null && typeof effort !== "string") {
    throw invalidRequest("reasoning.effort: expected a string", "reasoning.effort");
  }
  const out: ReasoningControl = {};
  if (effort !== undefined && effort !== null) {
    const normalized = effort === "x_high" ? "xhigh" : effort;
    // An effort the IR does not know goes verbatim to a Responses upstream only.
    if (EFFORTS.includes(normalized as Effort)) out.effort = normalized as Effort;
    else rest.effort = effort;
  }
  const wanted = summary ?? generate_summary;
  if (typeof wanted === "string") out.summary = wanted;
  if (Object.keys(rest).length > 0) ext.reasoning = rest;
  return Object.keys(out).length > 0 ? out : undefined;
}

function decodeText(value: unknown, ext: ResponsesExtensions): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  const { format: rawFormat, ...rest } = expectObject(value, "text");
  if (Object.keys(rest).length > 0) ext.text = rest;
  if (rawFormat === undefined || rawFormat === null) return undefined;
  const format = expectObject(rawFormat, "text.format");
  switch (format.type) {
    case "text":
      return { type: "text" };
    case "json_object":
      return { type: "json_object" };
    case "json_schema": {
      const schema = expectObject(format.schema, "text.format.schema");
      const out: ResponseFormat = { type: "json_schema", schema };
      if (typeof format.name === "string") out.name = format.name;
      if (typeof format.strict === "boolean") out.strict = format.strict;
      if (typeof format.description === "string") out.description = format.description;
      return out;
    }
    default:
      if (typeof format.type !== "string") {
        throw invalidRequest("text.format.type: expected a string", "text.format.type");
      }
      // A format the IR does not know goes verbatim to a Responses upstream only.
      ext.text = { ...ext.text, format };
      return undefined;
  }
}

const ECHOED = [
  "instructions",
  "max_output_tokens",
  "metadata",
  "parallel_tool_calls",
  "previous_response_id",
  "prompt_cache_key",
  "reasoning",
  "store",
  "temperature",
  "text",
  "tool_choice",
  "tools",
  "top_p",
  "truncation",
  "user",
];

function echoFields(body: Record<string, unknown>): Record<string, unknown> {
  const echo: Record<string, unknown> = {};
  for (const key of ECHOED) if (body[key] !== undefined) echo[key] = body[key];
  return echo;
}
