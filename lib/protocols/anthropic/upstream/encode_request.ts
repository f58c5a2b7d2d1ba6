/**
 * IR request → Anthropic Messages upstream request.
 *
 * `max_tokens` is required by Anthropic: 8192 when the client gave none (enough for a full
 * answer, within every current model's output cap). Toward an Anthropic client the
 * `anthropic-version` and `anthropic-beta` headers it sent are forwarded verbatim, and so are
 * the unmodeled body fields in `ir.extensions.anthropic` (`context_management` …), which are
 * paired with those betas. A request from any other protocol gets neither, and sampling
 * parameters Anthropic refuses while thinking is on (`temperature`, `top_p`, `top_k`) are left
 * out instead of causing a 400.
 *
 * @module
 */
import type { IrRequest } from "../../../ir/request.ts";
import type { Message } from "../../../ir/content.ts";
import type { AdapterContext, UpstreamRequest } from "../../adapter.ts";
import { upstreamUrl } from "../../upstream_url.ts";
import { SERVER_TOOLS_KEY } from "../extensions.ts";
import { encodeAnthropicMessages, encodeAnthropicSystem } from "./encode_messages.ts";
import { anthropicThinking } from "./encode_thinking.ts";
import { encodeAnthropicToolChoice, encodeAnthropicTools } from "./encode_tools.ts";
import { isObject } from "../../../json/fields.ts";
import { type TranslationWarning, warn } from "../../../ir/warnings.ts";

export const DEFAULT_MAX_TOKENS = 8192;
const DEFAULT_VERSION = "2023-06-01";

type Wire = Record<string, unknown>;

/** `warnings` receives what the Messages request could not carry. */
export function buildAnthropicRequest(
  ir: IrRequest,
  ctx: AdapterContext,
  warnings: TranslationWarning[] = [],
): UpstreamRequest {
  return {
    url: upstreamUrl(ctx.provider.base_url ?? "", "v1", "messages"),
    headers: anthropicHeaders(ctx),
    body: encodeAnthropicRequest(ir, ctx, warnings),
  };
}

export function anthropicHeaders(ctx: AdapterContext): Record<string, string> {
  const sameProtocol = ctx.clientProtocol === "anthropic";
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "anthropic-version": (sameProtocol && ctx.clientHeaders.get("anthropic-version")) ||
      DEFAULT_VERSION,
  };
  const beta = sameProtocol ? ctx.clientHeaders.get("anthropic-beta") : null;
  if (beta) headers["anthropic-beta"] = beta;
  if (ctx.provider.apiKey) headers["x-api-key"] = ctx.provider.apiKey;
  return { ...headers, ...ctx.provider.headers };
}

export function encodeAnthropicRequest(
  ir: IrRequest,
  ctx: AdapterContext,
  warnings: TranslationWarning[] = [],
): Wire {
  const sameProtocol = ctx.clientProtocol === "anthropic";
  const tools = encodeAnthropicTools(ir, ctx.clientProtocol);
  const thinking = anthropicThinking(ir.reasoning, {
    model: ir.model,
    maxTokens: ir.maxTokens ?? DEFAULT_MAX_TOKENS,
    style: ctx.provider.thinking_style,
    budgets: ctx.provider.reasoning_budgets,
  });
  // Thinking on + a tool loop whose last assistant turn does not open with thinking (history
  // minted elsewhere) is a guaranteed 400; answering without thinking is the useful choice.
  if (thinking.thinking && !thinkingFitsHistory(ir.messages)) {
    delete thinking.thinking;
    warn(
      warnings,
      "reasoning",
      "reasoning",
      "reasoning: thinking left off, the last tool turn does not open with a thinking block",
    );
  }

  const body: Wire = { model: ir.model, max_tokens: thinking.maxTokens };
  const system = encodeAnthropicSystem(ir.system);
  if (system) body.system = system;
  body.messages = encodeAnthropicMessages(ir.messages, ctx.clientProtocol);
  if (tools.length > 0) body.tools = tools;
  const toolChoice = encodeAnthropicToolChoice(ir, tools.length);
  if (toolChoice) body.tool_choice = toolChoice;
  if (ir.user !== undefined) body.metadata = { user_id: ir.user };
  if (thinking.thinking) body.thinking = thinking.thinking;
  const outputConfig: Wire = {};
  if (thinking.effort) outputConfig.effort = thinking.effort;
  if (ir.responseFormat?.type === "json_schema") {
    outputConfig.format = { type: "json_schema", schema: ir.responseFormat.schema };
  }
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig;
  const stops = (ir.stopSequences ?? []).filter((s) => s !== "");
  if (stops.length > 0) body.stop_sequences = stops;
  const sampling = sameProtocol || !thinking.thinking;
  if (sampling && ir.temperature !== undefined) body.temperature = ir.temperature;
  if (sampling && ir.topP !== undefined) body.top_p = ir.topP;
  if (sampling && ir.topK !== undefined) body.top_k = ir.topK;
  if (!sampling) {
    const knobs = [["temperature", ir.temperature], ["top_p", ir.topP], ["top_k", ir.topK]];
    for (const [key, value] of knobs) {
      if (value === undefined) continue;
      warn(warnings, "sampling", `${key}`, `${key}: Anthropic refuses it while thinking is on`);
    }
  }
  if ((ir.stopSequences ?? []).length > stops.length) {
    warn(warnings, "stop_sequences", "stop_sequences", "stop_sequences: empty sequences dropped");
  }
  body.stream = ir.stream;
  if (sameProtocol) mergeExtensions(body, ir.extensions?.anthropic);
  return body;
}

function thinkingFitsHistory(messages: Message[]): boolean {
  const last = messages.findLast((m) => m.role === "assistant");
  if (!last || !last.content.some((b) => b.type === "tool_call")) return true;
  const first = last.content[0]?.type;
  return first === "thinking" || first === "redacted_thinking";
}

/**
 * Unmodeled fields go in verbatim; objects the adapter also writes are merged key by key. A
 * `tool_choice` of a type the IR does not know replaces the adapter's; leftover `thinking`
 * fields (an unknown `display`) go only into a `thinking` the adapter kept, never alone.
 */
function mergeExtensions(body: Wire, extensions: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(extensions ?? {})) {
    if (key === SERVER_TOOLS_KEY) continue;
    const mine = body[key];
    if (key === "tool_choice") body[key] = value;
    else if (isObject(mine) && isObject(value)) body[key] = { ...value, ...mine };
    else if (mine === undefined && !(key === "thinking" && isObject(value) && !value.type)) {
      body[key] = value;
    }
  }
}
