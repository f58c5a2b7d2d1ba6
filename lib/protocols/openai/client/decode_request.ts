/**
 * Chat Completions request body → IR.
 *
 * Every modeled field is type-checked with a precise path; fields the IR does not model
 * (`seed`, `logit_bias`, `frequency_penalty`, `service_tier`, `store` …) are kept verbatim in
 * `extensions.openai`, which only an OpenAI upstream ever receives.
 *
 * @module
 */
import type { DecodedRequest } from "../../entry.ts";
import {
  type Effort,
  EFFORTS,
  type IrRequest,
  type PromptCacheHints,
  type ResponseFormat,
} from "../../../ir/request.ts";
import { decodeMessages } from "./decode_messages.ts";
import { decodeToolChoice, decodeTools } from "./decode_tools.ts";
import { OTHER_TOOLS_KEY } from "../extensions.ts";
import {
  expectArray,
  expectObject,
  expectString,
  fail,
  type JsonObject,
  optionalBoolean,
  optionalInteger,
  optionalNumber,
  optionalString,
} from "../../../json/fields.ts";

/** Top-level keys this entry turns into IR fields; everything else goes to extensions. */
const MODELED = new Set([
  "model",
  "messages",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "stop",
  "stream",
  "stream_options",
  "user",
  "metadata",
  "reasoning_effort",
  "response_format",
  "prompt_cache_key",
  "prompt_cache_retention",
  "n",
]);

export function decodeOpenAIRequest(body: unknown): DecodedRequest {
  const req = expectObject(body, "body");
  const model = expectString(req.model, "model");
  if (model === "") fail("model", "must not be empty");
  if (req.messages === undefined) fail("messages", "is required");
  const n = optionalInteger(req.n, "n");
  if (n !== undefined && n !== 1) fail("n", "only n = 1 is supported by this gateway");

  const { system, messages } = decodeMessages(req.messages);
  const tools = decodeTools(req.tools);
  const ir: IrRequest = {
    model,
    system,
    messages,
    tools: tools.tools,
    stream: optionalBoolean(req.stream, "stream") ?? false,
  };
  const extensions: JsonObject = {};
  if (tools.otherTools.length > 0) extensions[OTHER_TOOLS_KEY] = tools.otherTools;
  const toolChoice = decodeToolChoice(req.tool_choice);
  if (toolChoice) ir.toolChoice = toolChoice;
  else if (req.tool_choice !== undefined && req.tool_choice !== null) {
    extensions.tool_choice = req.tool_choice;
  }
  assign(ir, "parallelToolCalls", optionalBoolean(req.parallel_tool_calls, "parallel_tool_calls"));
  assign(
    ir,
    "maxTokens",
    optionalInteger(req.max_completion_tokens, "max_completion_tokens") ??
      optionalInteger(req.max_tokens, "max_tokens"),
  );
  assign(ir, "temperature", optionalNumber(req.temperature, "temperature"));
  assign(ir, "topP", optionalNumber(req.top_p, "top_p"));
  assign(ir, "stopSequences", decodeStop(req.stop));
  assign(ir, "user", optionalString(req.user, "user"));
  assign(ir, "metadata", decodeMetadata(req.metadata));
  const effort = decodeEffort(req.reasoning_effort);
  if (effort !== undefined) ir.reasoning = { effort };
  else if (req.reasoning_effort != null) extensions.reasoning_effort = req.reasoning_effort;
  const format = decodeResponseFormat(req.response_format);
  assign(ir, "responseFormat", format);
  if (!format && req.response_format != null) extensions.response_format = req.response_format;
  assign(ir, "promptCache", decodePromptCache(req));

  for (const [key, value] of Object.entries(req)) {
    if (!MODELED.has(key)) extensions[key] = value;
  }
  if (Object.keys(extensions).length > 0) ir.extensions = { openai: extensions };

  return { ir, wire: { includeUsage: decodeIncludeUsage(req.stream_options) } };
}

function assign<K extends keyof IrRequest>(ir: IrRequest, key: K, value: IrRequest[K]): void {
  if (value !== undefined) ir[key] = value;
}

function decodeStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return [value];
  return expectArray(value, "stop").map((s, i) => expectString(s, `stop[${i}]`));
}

function decodeMetadata(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const meta = expectObject(value, "metadata");
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(meta)) out[key] = expectString(v, `metadata.${key}`);
  return out;
}

function decodeEffort(value: unknown): Effort | undefined {
  const raw = optionalString(value, "reasoning_effort");
  if (raw === undefined) return undefined;
  const effort = raw === "x_high" ? "xhigh" : raw;
  // An effort the IR does not know is kept verbatim for an OpenAI upstream.
  return (EFFORTS as readonly string[]).includes(effort) ? effort as Effort : undefined;
}

function decodeResponseFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  const format = expectObject(value, "response_format");
  switch (format.type) {
    case "text":
      return { type: "text" };
    case "json_object":
      return { type: "json_object" };
    case "json_schema": {
      const spec = expectObject(format.json_schema, "response_format.json_schema");
      const out: Extract<ResponseFormat, { type: "json_schema" }> = {
        type: "json_schema",
        schema: spec.schema === undefined
          ? {}
          : expectObject(spec.schema, "response_format.json_schema.schema"),
      };
      const name = optionalString(spec.name, "response_format.json_schema.name");
      if (name !== undefined) out.name = name;
      const strict = optionalBoolean(spec.strict, "response_format.json_schema.strict");
      if (strict !== undefined) out.strict = strict;
      const description = optionalString(
        spec.description,
        "response_format.json_schema.description",
      );
      if (description !== undefined) out.description = description;
      return out;
    }
    default:
      // A format newer than this gateway: kept verbatim for an OpenAI upstream.
      if (typeof format.type !== "string") return fail("response_format.type", "expected a string");
      return undefined;
  }
}

function decodePromptCache(req: JsonObject): PromptCacheHints | undefined {
  const key = optionalString(req.prompt_cache_key, "prompt_cache_key");
  const retention = optionalString(req.prompt_cache_retention, "prompt_cache_retention");
  if (key === undefined && retention === undefined) return undefined;
  const hints: PromptCacheHints = {};
  if (key !== undefined) hints.key = key;
  if (retention !== undefined) hints.retention = retention;
  return hints;
}

function decodeIncludeUsage(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  const options = expectObject(value, "stream_options");
  return optionalBoolean(options.include_usage, "stream_options.include_usage") ?? false;
}
