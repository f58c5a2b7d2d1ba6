/**
 * Gemini `tools`, `toolConfig` and `generationConfig` → IR.
 *
 * Function declarations take `parametersJsonSchema` (full JSON Schema, Gemini CLI) or
 * `parameters` (OpenAPI subset, opencode and most SDK users); both end as lowercase JSON Schema.
 * Non-function tools (googleSearch, codeExecution, urlContext …) and generationConfig keys the
 * IR does not model are returned as Gemini extensions, which only a Gemini upstream receives.
 *
 * @module
 */
import { invalidRequest } from "../../../ir/error.ts";
import type { Effort } from "../../../ir/request.ts";
import type { ReasoningControl, ResponseFormat, Tool, ToolChoice } from "../../../ir/request.ts";
import { openApiToJsonSchema } from "./openapi_schema.ts";
import {
  expectArray,
  expectObject,
  expectString,
  type JsonObject,
  optionalInteger,
  optionalNumber,
  optionalString,
} from "../../../json/fields.ts";

export function decodeGeminiTools(raw: unknown): { tools: Tool[]; otherTools: JsonObject[] } {
  const tools: Tool[] = [];
  const otherTools: JsonObject[] = [];
  if (raw === undefined || raw === null) return { tools, otherTools };
  expectArray(raw, "tools").forEach((t, i) => {
    const entry = expectObject(t, `tools[${i}]`);
    const { functionDeclarations, ...others } = entry;
    if (Object.keys(others).length > 0) otherTools.push(others);
    if (functionDeclarations === undefined) return;
    expectArray(functionDeclarations, `tools[${i}].functionDeclarations`).forEach((d, j) => {
      tools.push(declaration(d, `tools[${i}].functionDeclarations[${j}]`));
    });
  });
  return { tools, otherTools };
}

function declaration(raw: unknown, where: string): Tool {
  const d = expectObject(raw, where);
  const name = expectString(d.name, `${where}.name`);
  if (name === "") throw invalidRequest(`${where}.name: must not be empty`, `${where}.name`);
  const description = optionalString(d.description, `${where}.description`);
  const source = d.parametersJsonSchema ?? d.parameters;
  if (source !== undefined) expectObject(source, `${where}.parameters`);
  const inputSchema = source === undefined
    ? { type: "object", properties: {} }
    : openApiToJsonSchema(source);
  return { name, ...(description ? { description } : {}), inputSchema };
}

export function decodeToolChoice(raw: unknown): ToolChoice | undefined {
  if (raw === undefined || raw === null) return undefined;
  const config = expectObject(raw, "toolConfig");
  if (config.functionCallingConfig === undefined) return undefined;
  const fc = expectObject(config.functionCallingConfig, "toolConfig.functionCallingConfig");
  const mode = optionalString(fc.mode, "toolConfig.functionCallingConfig.mode") ?? "AUTO";
  const allowed = fc.allowedFunctionNames === undefined
    ? []
    : expectArray(fc.allowedFunctionNames, "toolConfig.functionCallingConfig.allowedFunctionNames")
      .map((n, i) =>
        expectString(n, `toolConfig.functionCallingConfig.allowedFunctionNames[${i}]`)
      );
  switch (mode) {
    case "AUTO":
    case "MODE_UNSPECIFIED":
    case "VALIDATED":
      return { type: "auto" };
    case "NONE":
      return { type: "none" };
    case "ANY":
      // Several allowed names cannot narrow an IR choice: any tool (the exact config is kept
      // as an extension for Gemini upstreams).
      return allowed.length === 1 ? { type: "tool", name: allowed[0] } : { type: "any" };
    default:
      // A mode the IR does not know: "auto" here; the exact toolConfig rides as an extension.
      return { type: "auto" };
  }
}

const LEVELS = ["minimal", "low", "medium", "high"];

export interface DecodedGenerationConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  responseFormat?: ResponseFormat;
  reasoning?: ReasoningControl;
  /** Keys the IR does not model, kept for Gemini upstreams. */
  rest: JsonObject;
}

const MAPPED = new Set([
  "maxOutputTokens",
  "temperature",
  "topP",
  "topK",
  "stopSequences",
  "candidateCount",
  "responseMimeType",
  "responseSchema",
  "responseJsonSchema",
  "_responseJsonSchema",
  "thinkingConfig",
]);

export function decodeGenerationConfig(raw: unknown): DecodedGenerationConfig {
  if (raw === undefined || raw === null) return { rest: {} };
  const g = expectObject(raw, "generationConfig");
  const at = (key: string) => `generationConfig.${key}`;
  const candidates = optionalInteger(g.candidateCount, at("candidateCount"), 1);
  if (candidates !== undefined && candidates > 1) {
    throw invalidRequest(
      `${at("candidateCount")}: only 1 candidate is supported`,
      at("candidateCount"),
    );
  }
  const stop = g.stopSequences === undefined
    ? undefined
    : expectArray(g.stopSequences, at("stopSequences"))
      .map((s, i) => expectString(s, `${at("stopSequences")}[${i}]`));
  const rest: JsonObject = Object.fromEntries(Object.entries(g).filter(([k]) => !MAPPED.has(k)));
  const format = responseFormat(g);
  if (format === UNKNOWN) {
    // A MIME type the IR does not model (`text/x.enum` …): the whole response spec, verbatim.
    for (const key of ["responseMimeType", "responseSchema", "responseJsonSchema"]) {
      if (g[key] !== undefined) rest[key] = g[key];
    }
  }
  const reasoning = thinking(g.thinkingConfig);
  if (reasoning === UNKNOWN) rest.thinkingConfig = g.thinkingConfig;
  return withoutUndefined({
    maxTokens: optionalInteger(g.maxOutputTokens, at("maxOutputTokens"), 1),
    temperature: optionalNumber(g.temperature, at("temperature")),
    topP: optionalNumber(g.topP, at("topP")),
    topK: optionalNumber(g.topK, at("topK")),
    stopSequences: stop,
    responseFormat: format === UNKNOWN ? undefined : format,
    reasoning: reasoning === UNKNOWN ? undefined : reasoning,
    rest,
  });
}

/** A value the IR does not model: kept verbatim for a Gemini upstream, not an error. */
const UNKNOWN = Symbol("unknown");

function responseFormat(g: JsonObject): ResponseFormat | undefined | typeof UNKNOWN {
  const mime = optionalString(g.responseMimeType, "generationConfig.responseMimeType");
  const schema = g.responseJsonSchema ?? g._responseJsonSchema ?? g.responseSchema;
  if (mime === undefined || mime === "text/plain") return undefined;
  if (mime !== "application/json") return UNKNOWN;
  if (schema === undefined) return { type: "json_object" };
  expectObject(schema, "generationConfig.responseJsonSchema");
  return { type: "json_schema", name: "response", schema: openApiToJsonSchema(schema) };
}

function thinking(raw: unknown): ReasoningControl | undefined | typeof UNKNOWN {
  if (raw === undefined || raw === null) return undefined;
  const t = expectObject(raw, "generationConfig.thinkingConfig");
  const where = "generationConfig.thinkingConfig";
  const budget = optionalInteger(t.thinkingBudget, `${where}.thinkingBudget`, -1);
  const level = optionalString(t.thinkingLevel, `${where}.thinkingLevel`);
  if (budget !== undefined && level !== undefined) {
    throw invalidRequest(`${where}: give thinkingBudget or thinkingLevel, not both`, where);
  }
  const out: ReasoningControl = {};
  if (typeof t.includeThoughts === "boolean") out.includeThoughts = t.includeThoughts;
  if (budget === 0) Object.assign(out, { mode: "disabled", effort: "none" });
  else if (budget === -1) out.mode = "adaptive"; // dynamic: the model decides
  else if (budget !== undefined) Object.assign(out, { mode: "enabled", budgetTokens: budget });
  if (level !== undefined && level !== "THINKING_LEVEL_UNSPECIFIED") {
    const effort = level.toLowerCase();
    if (!LEVELS.includes(effort)) return UNKNOWN; // the whole thinkingConfig goes verbatim
    out.effort = effort as Effort;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
