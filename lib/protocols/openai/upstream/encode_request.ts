/**
 * IR request → Chat Completions upstream request.
 *
 * Field notes: `stop` holds at most 4 sequences (extra ones are dropped); OpenAI reasoning
 * models (o1/o3/o4, gpt-5*) take `max_completion_tokens`, others `max_tokens`; `metadata` is
 * only accepted together with `store: true`, so it is sent only when the client asked to store;
 * `top_k` has no Chat Completions field. Streaming always asks for
 * `stream_options.include_usage` so usage (and cached tokens) reach every client.
 * `extensions.openai` fills only keys this encoder did not set; no other protocol's extensions
 * or markers (cache_control) are ever emitted.
 *
 * @module
 */
import { OTHER_TOOLS_KEY } from "../extensions.ts";
import { asObjectSchema } from "../../../json/object_schema.ts";
import type { IrRequest, ResponseFormat, Tool, ToolChoice } from "../../../ir/request.ts";
import { openaiReasoningEffort, takesOpenAIReasoningEffort } from "../../../ir/reasoning_levels.ts";
import type { ProtocolId } from "../../../ir/content.ts";
import type { AdapterContext, UpstreamRequest } from "../../adapter.ts";
import { upstreamUrl } from "../../upstream_url.ts";
import { type TranslationWarning, warn } from "../../../ir/warnings.ts";
import { encodeOpenAIMessages } from "./encode_messages.ts";

const MAX_STOP_SEQUENCES = 4;

/** `warnings` receives what the Chat Completions request could not carry. */
export function buildOpenAIRequest(
  ir: IrRequest,
  ctx: AdapterContext,
  warnings: TranslationWarning[] = [],
): UpstreamRequest {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (ctx.provider.apiKey) headers.authorization = `Bearer ${ctx.provider.apiKey}`;
  Object.assign(headers, ctx.provider.headers ?? {});
  return {
    url: upstreamUrl(ctx.provider.base_url ?? "", "v1", "chat/completions"),
    headers,
    body: encodeOpenAIRequest(ir, ctx.clientProtocol, warnings),
  };
}

/**
 * The growing `messages` go last, after everything that stays the same across a conversation's
 * turns, so consecutive requests share one long byte prefix (as the prefix-stability test
 * measures); JSON key order means nothing to the API itself.
 */
export function encodeOpenAIRequest(
  ir: IrRequest,
  clientProtocol: ProtocolId = "openai",
  warnings: TranslationWarning[] = [],
): Record<string, unknown> {
  const body: Record<string, unknown> = { model: ir.model };
  if (ir.tools.length > 0) {
    body.tools = ir.tools.map(encodeTool);
    if (ir.parallelToolCalls !== undefined) body.parallel_tool_calls = ir.parallelToolCalls;
  }
  if (ir.toolChoice) body.tool_choice = encodeToolChoice(ir.toolChoice);
  if (ir.maxTokens !== undefined) {
    body[takesOpenAIReasoningEffort(ir.model) ? "max_completion_tokens" : "max_tokens"] =
      ir.maxTokens;
  }
  // Reasoning models accept only the default sampling and answer 400 to anything else; a
  // translated client's temperature (Anthropic SDKs often send one) is dropped for them.
  const sampling = clientProtocol === "openai" || !takesOpenAIReasoningEffort(ir.model);
  if (sampling && ir.temperature !== undefined) body.temperature = ir.temperature;
  if (sampling && ir.topP !== undefined) body.top_p = ir.topP;
  if (!sampling) {
    for (const [key, value] of [["temperature", ir.temperature], ["top_p", ir.topP]] as const) {
      if (value === undefined) continue;
      warn(warnings, "sampling", key, `${key}: not sent to reasoning model ${ir.model}`);
    }
  }
  if (ir.topK !== undefined) {
    warn(warnings, "sampling", "top_k", "top_k: no Chat Completions field");
  }
  if (ir.stopSequences && ir.stopSequences.length > 0) {
    body.stop = ir.stopSequences.slice(0, MAX_STOP_SEQUENCES);
    const dropped = ir.stopSequences.length - MAX_STOP_SEQUENCES;
    if (dropped > 0) {
      warn(
        warnings,
        "stop_sequences",
        "stop_sequences",
        `stop_sequences: ${dropped} beyond OpenAI's ${MAX_STOP_SEQUENCES} dropped`,
      );
    }
  }
  if (ir.user !== undefined) body.user = ir.user;
  const effort = openaiReasoningEffort(ir.reasoning);
  // OpenAI answers 400 to `reasoning_effort` on models without reasoning (gpt-4o, gpt-4.1); a
  // translated client (Claude Code asks for adaptive thinking on every turn) must not cause that.
  // An OpenAI client chose the field for its own model, so it passes as sent.
  if (
    effort !== undefined && (clientProtocol === "openai" || takesOpenAIReasoningEffort(ir.model))
  ) {
    body.reasoning_effort = effort;
  } else if (effort !== undefined && effort !== "none") {
    warn(warnings, "reasoning", "reasoning", `reasoning: ${ir.model} takes no reasoning_effort`);
  }
  if (ir.responseFormat) body.response_format = encodeResponseFormat(ir.responseFormat);
  if (ir.promptCache?.key !== undefined) body.prompt_cache_key = ir.promptCache.key;
  if (ir.promptCache?.retention !== undefined) {
    body.prompt_cache_retention = ir.promptCache.retention;
  }
  if (ir.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  for (const [key, value] of Object.entries(ir.extensions?.openai ?? {})) {
    if (key === OTHER_TOOLS_KEY && Array.isArray(value)) {
      body.tools = [...(body.tools as unknown[] ?? []), ...value];
    } else if (!(key in body)) body[key] = value;
  }
  if (ir.metadata && Object.keys(ir.metadata).length > 0) {
    if (body.store === true) body.metadata = ir.metadata;
    else warn(warnings, "field", "metadata", "metadata: sent to OpenAI only with store: true");
  }
  body.messages = encodeOpenAIMessages(ir.system, ir.messages, warnings);
  return body;
}

/**
 * A Responses custom (freeform) tool has no Chat Completions form every backend takes; it goes
 * out as a function with one string argument `input`, which is how the IR carries its input.
 */
function encodeTool(tool: Tool): Record<string, unknown> {
  const fn: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) fn.description = tool.description;
  fn.parameters = tool.kind === "custom"
    ? { type: "object", properties: { input: { type: "string" } }, required: ["input"] }
    : asObjectSchema(tool.inputSchema);
  if (tool.strict !== undefined) fn.strict = tool.strict;
  return { type: "function", function: fn };
}

function encodeToolChoice(choice: ToolChoice): unknown {
  switch (choice.type) {
    case "auto":
      return "auto";
    case "none":
      return "none";
    case "any":
      return "required";
    case "tool":
      return { type: "function", function: { name: choice.name } };
    default:
      return choice satisfies never;
  }
}

function encodeResponseFormat(format: ResponseFormat): Record<string, unknown> {
  switch (format.type) {
    case "text":
    case "json_object":
      return { type: format.type };
    case "json_schema": {
      const spec: Record<string, unknown> = { name: format.name ?? "response" };
      if (format.description !== undefined) spec.description = format.description;
      spec.schema = format.schema;
      if (format.strict !== undefined) spec.strict = format.strict;
      return { type: "json_schema", json_schema: spec };
    }
    default:
      return format satisfies never;
  }
}
