/**
 * OpenAI Chat Completions as the real API speaks it: `chat.completion` JSON, or
 * `chat.completion.chunk` SSE (role first, tool-call deltas by index with id and name first,
 * argument fragments after, the finish chunk, the `choices: []` usage chunk when
 * `stream_options.include_usage`, then `data: [DONE]`).
 * Reasoning uses the widespread `reasoning_content` extension; Chat has no signature field.
 *
 * @module
 */
import { errorResponse, framedResponse, replyJsonResponse, sse } from "./body.ts";
import {
  arrAt,
  describeImageUrl,
  isObj,
  lastIndex,
  numAt,
  type Obj,
  objAt,
  strAt,
  stringList,
  textOf,
} from "./read_fields.ts";
import type { BodyFrame, ErrorPlan, MockPrompt, MockStop, MockUsage, ReplyPlan } from "./types.ts";
import { openAIErrorEnvelope, openAIStreamErrorEnvelope } from "./openai_error.ts";

const CREATED = 1_700_000_000;
const ID = "chatcmpl-mock-1";

export function readOpenAIChatRequest(body: unknown): MockPrompt {
  const messages = arrAt(body, "messages").filter(isObj);
  const promptAt = lastIndex(messages, (m) => m.role === "user" && userText(m) !== "");
  const resultAt = lastIndex(messages, (m) => m.role === "tool");
  const format = objAt(body, "response_format");
  return {
    protocol: "openai",
    model: strAt(body, "model") ?? "",
    stream: isObj(body) && body.stream === true,
    promptText: promptAt >= 0 ? userText(messages[promptAt]) : "",
    toolResultText: resultAt > promptAt ? textOf(messages[resultAt].content, ["text"]) : undefined,
    tools: arrAt(body, "tools").filter(isObj).map((t) => ({
      name: strAt(t.function, "name") ?? strAt(t, "name") ?? "",
      schema: objAt(t.function, "parameters"),
    })),
    stopSequences: stringList(isObj(body) ? body.stop : undefined),
    images: messages.filter((m) => m.role === "user").flatMap((m) => imagesOf(m.content)),
    responseSchema: format.type === "json_schema"
      ? objAt(format.json_schema, "schema")
      : format.type === "json_object"
      ? "json_object"
      : undefined,
    maxTokens: numAt(body, "max_completion_tokens") ?? numAt(body, "max_tokens"),
    includeUsage: objAt(body, "stream_options").include_usage === true,
  };
}

export function openAIChatReply(plan: ReplyPlan, prompt: MockPrompt): Response {
  if (!prompt.stream) return replyJsonResponse(chatCompletion(plan, prompt), plan);
  return framedResponse(chatChunks(plan, prompt), plan, "text/event-stream");
}

export function openAIChatError(plan: ErrorPlan): Response {
  return errorResponse(plan, openAIErrorEnvelope(plan), { "x-request-id": "req_mock_1" });
}

function chatCompletion(plan: ReplyPlan, prompt: MockPrompt): Obj {
  const message: Obj = {
    role: "assistant",
    content: plan.text === "" && plan.toolCalls.length > 0 ? null : plan.text,
    refusal: null,
    annotations: [],
  };
  if (plan.reasoning) message.reasoning_content = plan.reasoning.text;
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((call) => ({
      id: `call_mock_${call.n}`,
      type: "function",
      function: { name: call.name, arguments: JSON.stringify(call.args) },
    }));
  }
  return {
    id: ID,
    object: "chat.completion",
    created: CREATED,
    model: prompt.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(plan.stop) }],
    usage: chatUsage(plan.usage),
    service_tier: "default",
    system_fingerprint: null,
  };
}

function* chatChunks(plan: ReplyPlan, prompt: MockPrompt): Generator<BodyFrame> {
  const usageField = prompt.includeUsage ? { usage: null } : {};
  const chunk = (delta: Obj, finish: string | null = null) =>
    sse({
      id: ID,
      object: "chat.completion.chunk",
      created: CREATED,
      model: prompt.model,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...usageField,
    });
  yield { data: chunk({ role: "assistant", content: "", refusal: null }) };
  for (const piece of plan.reasoning?.chunks ?? []) {
    yield { data: chunk({ reasoning_content: piece }) };
  }
  for (const [i, piece] of plan.textChunks.entries()) {
    if (plan.streamErrorAfterTextDeltas === i) {
      yield { data: sse(openAIStreamErrorEnvelope()) };
      return;
    }
    yield { data: chunk({ content: piece }), textDelta: true };
  }
  for (const [index, call] of plan.toolCalls.entries()) {
    const id = `call_mock_${call.n}`;
    const opening = { index, id, type: "function", function: { name: call.name, arguments: "" } };
    yield { data: chunk({ tool_calls: [opening] }) };
    for (const piece of call.argChunks) {
      yield { data: chunk({ tool_calls: [{ index, function: { arguments: piece } }] }) };
    }
  }
  yield { data: chunk({}, finishReason(plan.stop)) };
  if (prompt.includeUsage) {
    const usageChunk = {
      id: ID,
      object: "chat.completion.chunk",
      created: CREATED,
      model: prompt.model,
      system_fingerprint: null,
      choices: [],
      usage: chatUsage(plan.usage),
    };
    yield { data: sse(usageChunk) };
  }
  yield { data: "data: [DONE]\n\n" };
}

/** `prompt_tokens` includes cached tokens; `completion_tokens` includes reasoning tokens. */
function chatUsage(usage: MockUsage): Obj {
  return {
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
    prompt_tokens_details: {
      cached_tokens: usage.cacheRead,
      cache_write_tokens: usage.cacheWrite,
      audio_tokens: 0,
    },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function finishReason(stop: MockStop): string {
  switch (stop) {
    case "end":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
      return "length";
    case "tool_use":
      return "tool_calls";
  }
}

function userText(message: Obj): string {
  return textOf(message.content, ["text"]);
}

function imagesOf(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  return content.filter((p) => isObj(p) && p.type === "image_url").map((p) => {
    const ref = (p as Obj).image_url;
    return describeImageUrl(typeof ref === "string" ? ref : strAt(ref, "url") ?? "");
  });
}
