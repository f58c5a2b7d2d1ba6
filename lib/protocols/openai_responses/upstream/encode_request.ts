/**
 * IR → `POST {base_url}/v1/responses`.
 *
 * Translated traffic asks the upstream not to store (`store: false`) and to return reasoning as
 * `encrypted_content`, so reasoning can be replayed statelessly on the next turn. A Responses
 * client that said nothing about `store` gets the API's own default (stored), so the
 * `previous_response_id` it may send next keeps working. Responses has no stop sequences and no top_k: both are dropped (docs/compatibility.md).
 *
 * @module
 */
import type { AdapterContext, UpstreamRequest } from "../../adapter.ts";
import { upstreamUrl } from "../../upstream_url.ts";
import type { IrRequest, ResponseFormat } from "../../../ir/request.ts";
import { openaiReasoningEffort, takesOpenAIReasoningEffort } from "../../../ir/reasoning_levels.ts";
import { responsesExtensions } from "../extensions.ts";
import { encodeResponsesInput } from "./encode_input.ts";
import { type TranslationWarning, warn } from "../../../ir/warnings.ts";
import { encodeResponsesToolChoice, encodeResponsesTools } from "./encode_tools.ts";

const ENCRYPTED_REASONING = "reasoning.encrypted_content";

/** `warnings` receives what the Responses request could not carry. */
export function buildResponsesRequest(
  ir: IrRequest,
  ctx: AdapterContext,
  warnings: TranslationWarning[] = [],
): UpstreamRequest {
  const same = ctx.clientProtocol === "openai_responses";
  const ext = same ? responsesExtensions(ir.extensions) : {};
  const fields = { ...ext.fields };
  const store = typeof fields.store === "boolean" ? fields.store : same ? undefined : false;
  const body: Record<string, unknown> = { model: ir.model };
  // `input` grows every turn: it goes last so consecutive requests share a long byte prefix.
  const { input, ...instructions } = encodeSystemAndInput(ir, ctx, store === false);
  Object.assign(body, instructions);
  const tools = encodeResponsesTools(ir, ctx.clientProtocol);
  if (tools.length > 0) body.tools = tools;
  const choice = encodeResponsesToolChoice(ir, ctx.clientProtocol);
  if (choice !== undefined) body.tool_choice = choice;
  if (ir.parallelToolCalls !== undefined) body.parallel_tool_calls = ir.parallelToolCalls;
  if (ir.maxTokens !== undefined) body.max_output_tokens = ir.maxTokens;
  // Reasoning models take only the default sampling; see the Chat adapter.
  const sampling = same || !takesOpenAIReasoningEffort(ir.model);
  if (sampling && ir.temperature !== undefined) body.temperature = ir.temperature;
  if (sampling && ir.topP !== undefined) body.top_p = ir.topP;
  noteDropped(ir, sampling, warnings);
  const reasoning: Record<string, unknown> = { ...ext.reasoning };
  const effort = openaiReasoningEffort(ir.reasoning);
  // Same rule as Chat: translated traffic sends effort only to models that take it.
  if (effort !== undefined && (same || takesOpenAIReasoningEffort(ir.model))) {
    reasoning.effort = effort;
  } else if (effort !== undefined && effort !== "none") {
    warn(warnings, "reasoning", "reasoning", `reasoning: ${ir.model} takes no reasoning effort`);
  }
  if (ir.reasoning?.summary !== undefined) reasoning.summary = ir.reasoning.summary;
  if (Object.keys(reasoning).length > 0) body.reasoning = reasoning;
  const text: Record<string, unknown> = { ...ext.text };
  if (ir.responseFormat) text.format = encodeFormat(ir.responseFormat);
  if (Object.keys(text).length > 0) body.text = text;
  if (ir.promptCache?.key !== undefined) body.prompt_cache_key = ir.promptCache.key;
  if (ir.promptCache?.retention !== undefined) {
    body.prompt_cache_retention = ir.promptCache.retention;
  }
  if (ir.metadata !== undefined) body.metadata = ir.metadata;
  if (ir.user !== undefined) body.user = ir.user;
  Object.assign(body, fields);
  body.stream = ir.stream;
  if (store !== undefined) body.store = store;
  if (store === false) body.include = withEncryptedReasoning(fields.include);
  body.input = input;

  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...ctx.provider.headers,
  };
  if (ir.stream) headers.accept = "text/event-stream";
  if (ctx.provider.apiKey) headers.authorization = `Bearer ${ctx.provider.apiKey}`;
  return {
    url: upstreamUrl(ctx.provider.base_url ?? "", "v1", "responses"),
    headers,
    body,
  };
}

function withEncryptedReasoning(include: unknown): string[] {
  const list = Array.isArray(include)
    ? include.filter((v): v is string => typeof v === "string")
    : [];
  return list.includes(ENCRYPTED_REASONING) ? list : [...list, ENCRYPTED_REASONING];
}

/**
 * `instructions` and `input`. A Responses client gets its own shape back: its developer messages
 * stay messages (Codex sends no `instructions`), its `additional_tools` items come first, and
 * input with item types the IR cannot hold is forwarded as sent.
 */
function encodeSystemAndInput(
  ir: IrRequest,
  ctx: AdapterContext,
  stateless: boolean,
): Record<string, unknown> {
  const same = ctx.clientProtocol === "openai_responses";
  const ext = same ? responsesExtensions(ir.extensions) : {};
  if (ext.rawInput) {
    const out: Record<string, unknown> = { input: ext.rawInput };
    if (ext.rawInstructions !== undefined) out.instructions = ext.rawInstructions;
    return out;
  }
  const input = encodeResponsesInput(ir.messages, {
    tools: ir.tools,
    client: ctx.clientProtocol,
    stateless,
  });
  const texts = ir.system.map((b) => b.text);
  const roles = ext.systemRoles ?? [];
  const fromInstructions = ext.hasInstructions ? 1 : 0;
  const out: Record<string, unknown> = {};
  let systemItems: unknown[] = [];
  if (same && texts.length === fromInstructions + roles.length) {
    if (fromInstructions) out.instructions = texts[0];
    systemItems = roles.map((role, i) => ({
      type: "message",
      role,
      content: [{ type: "input_text", text: texts[fromInstructions + i] }],
    }));
  } else if (texts.length > 0) {
    out.instructions = texts.join("\n\n");
  }
  out.input = [...(ext.additionalToolsItems ?? []), ...systemItems, ...input];
  return out;
}

function encodeFormat(format: ResponseFormat): Record<string, unknown> {
  switch (format.type) {
    case "text":
    case "json_object":
      return { type: format.type };
    case "json_schema": {
      const out: Record<string, unknown> = {
        type: "json_schema",
        name: format.name ?? "response",
        schema: format.schema,
      };
      if (format.strict !== undefined) out.strict = format.strict;
      if (format.description !== undefined) out.description = format.description;
      return out;
    }
    default:
      format satisfies never;
      return {};
  }
}

/** What the Responses wire has no room for, or the target model refuses. */
function noteDropped(ir: IrRequest, sampling: boolean, warnings: TranslationWarning[]): void {
  if (ir.stopSequences?.length) {
    warn(warnings, "stop_sequences", "stop_sequences", "stop_sequences: Responses has none");
  }
  if (ir.topK !== undefined) warn(warnings, "sampling", "top_k", "top_k: Responses has none");
  for (const block of ir.messages.flatMap((m) => m.content)) {
    // encode_input sends signed reasoning only; redacted thinking is Anthropic's.
    if (block.type === "redacted_thinking" || (block.type === "thinking" && !block.signature)) {
      warn(
        warnings,
        "thinking",
        `messages[].content[]{type: ${block.type}}`,
        `${block.type} block: Responses takes only encrypted reasoning`,
      );
    }
  }
  if (!sampling) {
    for (const [key, value] of [["temperature", ir.temperature], ["top_p", ir.topP]] as const) {
      if (value !== undefined) {
        warn(warnings, "sampling", key, `${key}: not sent to reasoning model ${ir.model}`);
      }
    }
  }
}
