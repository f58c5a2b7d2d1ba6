/**
 * IR request → Gemini `generateContent` / `streamGenerateContent?alt=sse` upstream request.
 *
 * @module
 */
import type { AdapterContext, UpstreamRequest } from "../../adapter.ts";
import { upstreamUrl } from "../../upstream_url.ts";
import type { IrRequest, Tool, ToolChoice } from "../../../ir/request.ts";
import { geminiThinkingConfig } from "../reasoning.ts";
import { mergeGeminiExtensions } from "../extensions.ts";
import { type TranslationWarning, warn } from "../../../ir/warnings.ts";
import { encodeGeminiContents } from "./encode_contents.ts";
import { sanitizeGeminiSchema } from "./sanitize_schema.ts";

type Obj = Record<string, unknown>;

/** A freeform (Responses custom) tool's text input travels as `{ input: "<text>" }`. */
const CUSTOM_INPUT_SCHEMA = {
  type: "object",
  properties: { input: { type: "string" } },
  required: ["input"],
};

/** `warnings` receives what the generateContent request could not carry. */
export function buildGeminiRequest(
  ir: IrRequest,
  ctx: AdapterContext,
  warnings: TranslationWarning[] = [],
): UpstreamRequest {
  const model = ir.model.replace(/^models\//, "");
  const action = ir.stream ? "streamGenerateContent" : "generateContent";
  const url = upstreamUrl(
    ctx.provider.base_url ?? "",
    "v1beta",
    `models/{model}:${action}`,
    { model },
    ir.stream ? { alt: "sse" } : {},
  );
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...(ctx.provider.headers ?? {}),
  };
  if (ctx.provider.apiKey) headers["x-goog-api-key"] = ctx.provider.apiKey;
  return { url, headers, body: encodeGeminiRequest(ir, ctx, warnings) };
}

/**
 * Key order is deliberate: the stable parts (system, tools, config) come first and the growing
 * `contents` last, so consecutive turns of a conversation share one long byte prefix, the way
 * the other adapters' bodies do (tests/policy/prefix_stability_test.ts measures it).
 */
export function encodeGeminiRequest(
  ir: IrRequest,
  ctx: AdapterContext,
  warnings: TranslationWarning[] = [],
): Obj {
  const body: Obj = {};
  const system = ir.system.filter((b) => b.text !== "").map((b) => ({ text: b.text }));
  if (system.length > 0) body.systemInstruction = { parts: system };
  const declarations = ir.tools.map(functionDeclaration);
  if (declarations.length > 0) body.tools = [{ functionDeclarations: declarations }];
  if (ir.toolChoice && declarations.length > 0) {
    body.toolConfig = { functionCallingConfig: callingConfig(ir.toolChoice) };
  }
  const generationConfig = encodeGenerationConfig(ir, ctx);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  const extensions = ctx.clientProtocol === "gemini" ? ir.extensions?.gemini : undefined;
  if (extensions) mergeGeminiExtensions(body, extensions);
  body.contents = encodeGeminiContents(ir.messages, ir.model);
  for (const block of ir.messages.flatMap((m) => m.content)) {
    // encodeGeminiContents sends only Gemini's own thoughts; nothing carries redacted thinking.
    if (
      block.type === "redacted_thinking" ||
      (block.type === "thinking" && block.origin?.protocol !== "gemini")
    ) {
      warn(
        warnings,
        "thinking",
        `messages[].content[]{type: ${block.type}}`,
        `${block.type} block: Gemini takes only its own thoughts`,
      );
    }
  }
  return body;
}

function functionDeclaration(tool: Tool): Obj {
  const out: Obj = { name: tool.name };
  if (tool.description) out.description = tool.description;
  const schema = sanitizeGeminiSchema(
    tool.kind === "custom" ? CUSTOM_INPUT_SCHEMA : tool.inputSchema,
  );
  // A function without parameters leaves `parameters` out: Gemini rejects an empty OBJECT.
  if (schema.properties || schema.anyOf) out.parameters = schema;
  return out;
}

/** IR tool choice → `toolConfig.functionCallingConfig`. */
export function callingConfig(choice: ToolChoice): Obj {
  switch (choice.type) {
    case "auto":
      return { mode: "AUTO" };
    case "any":
      return { mode: "ANY" };
    case "none":
      return { mode: "NONE" };
    case "tool":
      return { mode: "ANY", allowedFunctionNames: [choice.name] };
    default:
      choice satisfies never;
      return {};
  }
}

function encodeGenerationConfig(ir: IrRequest, ctx: AdapterContext): Obj {
  const out: Obj = {};
  if (ir.maxTokens !== undefined) out.maxOutputTokens = ir.maxTokens;
  if (ir.temperature !== undefined) out.temperature = ir.temperature;
  if (ir.topP !== undefined) out.topP = ir.topP;
  if (ir.topK !== undefined) out.topK = ir.topK;
  if (ir.stopSequences?.length) out.stopSequences = ir.stopSequences;
  const format = ir.responseFormat;
  if (format?.type === "json_object") out.responseMimeType = "application/json";
  if (format?.type === "json_schema") {
    out.responseMimeType = "application/json";
    out.responseJsonSchema = format.schema;
  }
  const thinking = geminiThinkingConfig(
    ir.reasoning,
    ir.model,
    ctx.provider.reasoning_budgets,
  );
  if (thinking) out.thinkingConfig = thinking;
  return out;
}
