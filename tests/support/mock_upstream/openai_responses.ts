/**
 * OpenAI Responses as the real API speaks it: a `response` JSON, or typed SSE events with
 * `event:` lines and a monotonic `sequence_number` (created, in_progress, per item added/
 * part/delta/done events, then response.completed or response.incomplete; no `[DONE]`).
 * Reasoning items carry `encrypted_content` only when `include` asked for it, as upstream does.
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
import { MOCK } from "./scenario.ts";
import { openAIErrorEnvelope } from "./openai_error.ts";
import type { BodyFrame, ErrorPlan, MockPrompt, MockUsage, ReplyPlan } from "./types.ts";

const ID = "resp_mock_1";
const CREATED = 1_700_000_000;
const TEXT_TYPES = ["input_text", "output_text", "text"];

export function readOpenAIResponsesRequest(body: unknown): MockPrompt {
  const input = isObj(body) ? body.input : undefined;
  const items = Array.isArray(input) ? input.filter(isObj) : [];
  const promptAt = lastIndex(
    items,
    (i) => isUserMessage(i) && textOf(i.content, TEXT_TYPES) !== "",
  );
  const resultAt = lastIndex(items, isToolOutput);
  const format = objAt(objAt(body, "text"), "format");
  return {
    protocol: "openai_responses",
    model: strAt(body, "model") ?? "",
    stream: isObj(body) && body.stream === true,
    promptText: typeof input === "string"
      ? input
      : promptAt >= 0
      ? textOf(items[promptAt].content, TEXT_TYPES)
      : "",
    toolResultText: resultAt > promptAt ? outputText(items[resultAt].output) : undefined,
    tools: arrAt(body, "tools").filter((t) => isObj(t) && typeof t.name === "string").map((t) => ({
      name: String((t as Obj).name),
      schema: (t as Obj).parameters,
    })),
    stopSequences: stringList(isObj(body) ? body.stop : undefined),
    images: items.filter(isUserMessage).flatMap((i) => imagesOf(i.content)),
    responseSchema: format.type === "json_schema"
      ? format.schema
      : format.type === "json_object"
      ? "json_object"
      : undefined,
    maxTokens: numAt(body, "max_output_tokens"),
    wantsEncryptedReasoning: arrAt(body, "include").includes("reasoning.encrypted_content"),
  };
}

export function openAIResponsesReply(plan: ReplyPlan, prompt: MockPrompt): Response {
  if (!prompt.stream) {
    return replyJsonResponse(responseObject(plan, prompt, outputItems(plan, prompt)), plan);
  }
  return framedResponse(responseEvents(plan, prompt), plan, "text/event-stream");
}

export function openAIResponsesError(plan: ErrorPlan): Response {
  return errorResponse(plan, openAIErrorEnvelope(plan), { "x-request-id": "req_mock_1" });
}

function outputItems(plan: ReplyPlan, prompt: MockPrompt): Obj[] {
  const items: Obj[] = [];
  if (plan.reasoning) items.push(reasoningItem(plan, prompt, plan.reasoning.text));
  if (plan.text !== "") items.push(messageItem(plan.text, itemStatus(plan)));
  for (const call of plan.toolCalls) {
    items.push(callItem(call.n, call.name, JSON.stringify(call.args), "completed"));
  }
  return items;
}

function* responseEvents(plan: ReplyPlan, prompt: MockPrompt): Generator<BodyFrame> {
  let seq = 0;
  const ev = (type: string, fields: Obj): BodyFrame => ({
    data: sse({ type, sequence_number: seq++, ...fields }, type),
  });
  const pending = {
    ...responseObject(plan, prompt, []),
    status: "in_progress",
    usage: null,
    incomplete_details: null,
  };
  yield ev("response.created", { response: pending });
  yield ev("response.in_progress", { response: pending });
  const done: Obj[] = [];
  if (plan.reasoning) {
    const output_index = done.length;
    const item = reasoningItem(plan, prompt, "");
    const at = { item_id: item.id, output_index, summary_index: 0 };
    yield ev("response.output_item.added", { output_index, item: { ...item, summary: [] } });
    yield ev("response.reasoning_summary_part.added", {
      ...at,
      part: { type: "summary_text", text: "" },
    });
    for (const delta of plan.reasoning.chunks) {
      yield ev("response.reasoning_summary_text.delta", { ...at, delta });
    }
    const text = plan.reasoning.text;
    yield ev("response.reasoning_summary_text.done", { ...at, text });
    yield ev("response.reasoning_summary_part.done", {
      ...at,
      part: { type: "summary_text", text },
    });
    done.push(reasoningItem(plan, prompt, text));
    yield ev("response.output_item.done", { output_index, item: done[output_index] });
  }
  if (plan.text !== "") {
    const output_index = done.length;
    const item = messageItem("", "in_progress");
    const at = { item_id: item.id, output_index, content_index: 0 };
    yield ev("response.output_item.added", { output_index, item: { ...item, content: [] } });
    yield ev("response.content_part.added", { ...at, part: textPart("") });
    for (const [i, delta] of plan.textChunks.entries()) {
      if (plan.streamErrorAfterTextDeltas === i) {
        const error = { code: "server_error", message: MOCK.streamError };
        yield ev("response.failed", { response: { ...pending, status: "failed", error } });
        return;
      }
      yield {
        ...ev("response.output_text.delta", { ...at, delta, logprobs: [] }),
        textDelta: true,
      };
    }
    yield ev("response.output_text.done", { ...at, text: plan.text, logprobs: [] });
    yield ev("response.content_part.done", { ...at, part: textPart(plan.text) });
    done.push(messageItem(plan.text, itemStatus(plan)));
    yield ev("response.output_item.done", { output_index, item: done[output_index] });
  }
  for (const call of plan.toolCalls) {
    const output_index = done.length;
    const item = callItem(call.n, call.name, "", "in_progress");
    const at = { item_id: item.id, output_index };
    yield ev("response.output_item.added", { output_index, item });
    for (const delta of call.argChunks) {
      yield ev("response.function_call_arguments.delta", { ...at, delta });
    }
    const args = JSON.stringify(call.args);
    yield ev("response.function_call_arguments.done", { ...at, name: call.name, arguments: args });
    done.push(callItem(call.n, call.name, args, "completed"));
    yield ev("response.output_item.done", { output_index, item: done[output_index] });
  }
  const final = responseObject(plan, prompt, done);
  yield ev(final.status === "incomplete" ? "response.incomplete" : "response.completed", {
    response: final,
  });
}

function responseObject(
  plan: ReplyPlan,
  prompt: MockPrompt,
  output: Obj[],
): Obj & { status: string } {
  const truncated = plan.stop === "max_tokens";
  return {
    id: ID,
    object: "response",
    created_at: CREATED,
    status: truncated ? "incomplete" : "completed",
    error: null,
    incomplete_details: truncated ? { reason: "max_output_tokens" } : null,
    instructions: null,
    max_output_tokens: prompt.maxTokens ?? null,
    model: prompt.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: 1,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    top_p: 1,
    truncation: "disabled",
    usage: responsesUsage(plan.usage),
    metadata: {},
  };
}

function reasoningItem(plan: ReplyPlan, prompt: MockPrompt, text: string): Obj {
  return {
    id: "rs_mock_1",
    type: "reasoning",
    summary: [{ type: "summary_text", text }],
    encrypted_content: prompt.wantsEncryptedReasoning ? plan.reasoning?.signature ?? null : null,
  };
}

function messageItem(text: string, status: string): Obj {
  return {
    id: "msg_mock_1",
    type: "message",
    status,
    role: "assistant",
    content: [textPart(text)],
  };
}

function callItem(n: number, name: string, args: string, status: string): Obj {
  return {
    id: `fc_mock_${n}`,
    type: "function_call",
    status,
    call_id: `call_mock_${n}`,
    name,
    arguments: args,
  };
}

function textPart(text: string): Obj {
  return { type: "output_text", text, annotations: [], logprobs: [] };
}

function itemStatus(plan: ReplyPlan): string {
  return plan.stop === "max_tokens" ? "incomplete" : "completed";
}

/** `input_tokens` includes cached tokens, as in Chat's `prompt_tokens`. */
function responsesUsage(u: MockUsage): Obj {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cacheRead, cache_write_tokens: u.cacheWrite },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  };
}

function isUserMessage(item: Obj): boolean {
  return item.role === "user" && (item.type === undefined || item.type === "message");
}

function isToolOutput(item: Obj): boolean {
  return item.type === "function_call_output" || item.type === "custom_tool_call_output";
}

/** Tool output is a string, or (Codex's custom tools) a list of `input_text` parts. */
function outputText(output: unknown): string {
  return textOf(output, TEXT_TYPES);
}

function imagesOf(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  return content.filter((p) => isObj(p) && p.type === "input_image").map((p) => {
    const url = strAt(p, "image_url");
    return url ? describeImageUrl(url) : `image:file:${strAt(p, "file_id") ?? ""}`;
  });
}
