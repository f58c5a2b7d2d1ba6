/**
 * A Gemini `generateContent` / `streamGenerateContent` request → IR.
 *
 * The model and the action come from the path (`/v1beta/models/{model}:{action}`, also served
 * under `/v1/models/…` for `@google/genai` 3.x); `?alt=sse` picks SSE over a streamed JSON array.
 * Fields the IR does not model are kept in `ir.extensions.gemini` for Gemini upstreams.
 *
 * @module
 */
import type { DecodedRequest, EntryRequestInfo } from "../../entry.ts";
import type { IrRequest, TextBlock, ToolChoice } from "../../../ir/mod.ts";
import { callingConfig } from "../upstream/encode_request.ts";
import { canonicalJson } from "../../../json/canonical_json.ts";
import { invalidRequest } from "../../../ir/error.ts";
import { decodeGeminiContents } from "./decode_contents.ts";
import { decodeGeminiTools, decodeGenerationConfig, decodeToolChoice } from "./decode_config.ts";
import {
  expectArray,
  expectObject,
  expectString,
  isObject,
  type JsonObject,
} from "../../../json/fields.ts";

/** Entry-private facts the encoders read back from `ctx.wire`. */
export interface GeminiWire {
  /** `?alt=sse`: SSE frames; otherwise a streamed JSON array. */
  sse: boolean;
  /** The client asked for thought summaries (`thinkingConfig.includeThoughts`). */
  includeThoughts: boolean;
}

const HANDLED = new Set([
  "contents",
  "systemInstruction",
  "system_instruction",
  "tools",
  "toolConfig",
  "generationConfig",
  "model",
]);

export function decodeGeminiRequest(body: unknown, info: EntryRequestInfo): DecodedRequest {
  const req = expectObject(body, "request body");
  const model = (info.params.model ?? "").replace(/^models\//, "");
  if (model === "") throw invalidRequest("the request path names no model", "model");
  const action = info.params.action ?? "generateContent";
  if (action !== "generateContent" && action !== "streamGenerateContent") {
    throw invalidRequest(`unsupported method ":${action}"`, "action");
  }
  const { tools, otherTools } = decodeGeminiTools(req.tools);
  const config = decodeGenerationConfig(req.generationConfig);
  const extensions: JsonObject = Object.fromEntries(
    Object.entries(req).filter(([k]) => !HANDLED.has(k)),
  );
  if (otherTools.length > 0) extensions.tools = otherTools;
  if (Object.keys(config.rest).length > 0) extensions.generationConfig = config.rest;

  const ir: IrRequest = {
    model,
    system: decodeSystem(req.systemInstruction ?? req.system_instruction),
    messages: decodeGeminiContents(req.contents),
    tools,
    stream: action === "streamGenerateContent",
  };
  const toolChoice = decodeToolChoice(req.toolConfig);
  if (toolChoice) ir.toolChoice = toolChoice;
  if (isObject(req.toolConfig) && !sameToolConfig(req.toolConfig, toolChoice)) {
    // Allowed-name lists, VALIDATED mode, retrievalConfig: only a Gemini upstream can take them.
    extensions.toolConfig = req.toolConfig;
  }
  if (config.maxTokens !== undefined) ir.maxTokens = config.maxTokens;
  if (config.temperature !== undefined) ir.temperature = config.temperature;
  if (config.topP !== undefined) ir.topP = config.topP;
  if (config.topK !== undefined) ir.topK = config.topK;
  if (config.stopSequences) ir.stopSequences = config.stopSequences;
  if (config.responseFormat) ir.responseFormat = config.responseFormat;
  if (config.reasoning) ir.reasoning = config.reasoning;
  if (Object.keys(extensions).length > 0) ir.extensions = { gemini: extensions };

  const wire: GeminiWire = {
    sse: info.url.searchParams.get("alt") === "sse",
    includeThoughts: config.reasoning?.includeThoughts === true,
  };
  return { ir, wire: { ...wire } };
}

function sameToolConfig(raw: JsonObject, choice: ToolChoice | undefined): boolean {
  if (!choice) return Object.keys(raw).length === 0;
  return canonicalJson(raw) === canonicalJson({ functionCallingConfig: callingConfig(choice) });
}

function decodeSystem(raw: unknown): TextBlock[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw === "string") return raw === "" ? [] : [{ type: "text", text: raw }];
  const content = expectObject(raw, "systemInstruction");
  return expectArray(content.parts, "systemInstruction.parts").flatMap((p, i) => {
    const part = expectObject(p, `systemInstruction.parts[${i}]`);
    const text = expectString(part.text, `systemInstruction.parts[${i}].text`);
    return text === "" ? [] : [{ type: "text" as const, text }];
  });
}
