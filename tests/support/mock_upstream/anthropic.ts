/**
 * Anthropic Messages as the real API speaks it: a `message` JSON, or SSE with `event:` lines
 * (message_start with the prompt usage, content_block_start, ping, text/thinking/signature/
 * input_json deltas, content_block_stop, message_delta with cumulative usage, message_stop).
 * `input_tokens` excludes both cache figures, unlike OpenAI's `prompt_tokens`.
 *
 * @module
 */
import { errorResponse, framedResponse, replyJsonResponse, sse } from "./body.ts";
import {
  arrAt,
  describeBase64Image,
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
import type { BodyFrame, ErrorPlan, MockPrompt, MockStop, MockUsage, ReplyPlan } from "./types.ts";

const ID = "msg_mock_1";

export function readAnthropicRequest(body: unknown): MockPrompt {
  const messages = arrAt(body, "messages").filter(isObj);
  const promptAt = lastIndex(messages, (m) => m.role === "user" && userText(m) !== "");
  const resultAt = lastIndex(messages, (m) => m.role === "user" && toolResults(m).length > 0);
  const format = isObj(objAt(body, "output_config").format)
    ? objAt(objAt(body, "output_config"), "format")
    : objAt(body, "output_format");
  return {
    protocol: "anthropic",
    model: strAt(body, "model") ?? "",
    stream: isObj(body) && body.stream === true,
    promptText: promptAt >= 0 ? userText(messages[promptAt]) : "",
    toolResultText: resultAt > promptAt
      ? resultText(toolResults(messages[resultAt]).at(-1))
      : undefined,
    tools: arrAt(body, "tools").filter(isObj).map((t) => ({
      name: strAt(t, "name") ?? "",
      schema: t.input_schema,
    })),
    stopSequences: stringList(isObj(body) ? body.stop_sequences : undefined),
    images: messages.filter((m) => m.role === "user").flatMap((m) => imagesOf(m.content)),
    responseSchema: format.type === "json_schema" ? format.schema : undefined,
    maxTokens: numAt(body, "max_tokens"),
  };
}

export function anthropicReply(plan: ReplyPlan, prompt: MockPrompt): Response {
  const headers = { "request-id": "req_mock_1" };
  if (!prompt.stream) return replyJsonResponse(message(plan, prompt), plan);
  return framedResponse(messageEvents(plan, prompt), plan, "text/event-stream", headers);
}

export function anthropicError(plan: ErrorPlan): Response {
  const type = plan.errorKind === "invalid_request"
    ? "invalid_request_error"
    : plan.errorKind === "rate_limit"
    ? "rate_limit_error"
    : "overloaded_error";
  const envelope = {
    type: "error",
    error: { type, message: plan.message },
    request_id: "req_mock_1",
  };
  return errorResponse(plan, envelope, { "request-id": "req_mock_1" });
}

function message(plan: ReplyPlan, prompt: MockPrompt): Obj {
  const content: Obj[] = [];
  if (plan.reasoning) {
    content.push({
      type: "thinking",
      thinking: plan.reasoning.text,
      signature: plan.reasoning.signature,
    });
  }
  if (plan.text !== "") content.push({ type: "text", text: plan.text });
  for (const call of plan.toolCalls) {
    content.push({
      type: "tool_use",
      id: `toolu_mock_${call.n}`,
      name: call.name,
      input: call.args,
    });
  }
  return {
    ...envelope(prompt, usage(plan.usage, plan.usage.output)),
    content,
    stop_reason: stopReason(plan.stop),
    stop_sequence: plan.stopSequence ?? null,
  };
}

function* messageEvents(plan: ReplyPlan, prompt: MockPrompt): Generator<BodyFrame> {
  const start = {
    ...envelope(prompt, usage(plan.usage, 1)),
    content: [],
    stop_reason: null,
    stop_sequence: null,
  };
  yield { data: sse({ type: "message_start", message: start }, "message_start") };
  let index = 0;
  const open = function* (block: Obj): Generator<BodyFrame> {
    yield {
      data: sse(
        { type: "content_block_start", index, content_block: block },
        "content_block_start",
      ),
    };
    if (index === 0) yield { data: sse({ type: "ping" }, "ping") };
  };
  const delta = (d: Obj) =>
    sse({ type: "content_block_delta", index, delta: d }, "content_block_delta");
  const close = () => sse({ type: "content_block_stop", index: index++ }, "content_block_stop");
  if (plan.reasoning) {
    yield* open({ type: "thinking", thinking: "", signature: "" });
    for (const piece of plan.reasoning.chunks) {
      yield { data: delta({ type: "thinking_delta", thinking: piece }) };
    }
    yield { data: delta({ type: "signature_delta", signature: plan.reasoning.signature }) };
    yield { data: close() };
  }
  if (plan.text !== "") {
    yield* open({ type: "text", text: "" });
    for (const [i, piece] of plan.textChunks.entries()) {
      if (plan.streamErrorAfterTextDeltas === i) {
        const error = {
          type: "error",
          error: { type: "overloaded_error", message: MOCK.streamError },
        };
        yield { data: sse(error, "error") };
        return;
      }
      yield { data: delta({ type: "text_delta", text: piece }), textDelta: true };
    }
    yield { data: close() };
  }
  for (const call of plan.toolCalls) {
    yield* open({ type: "tool_use", id: `toolu_mock_${call.n}`, name: call.name, input: {} });
    for (const piece of ["", ...call.argChunks]) {
      yield { data: delta({ type: "input_json_delta", partial_json: piece }) };
    }
    yield { data: close() };
  }
  const stop = { stop_reason: stopReason(plan.stop), stop_sequence: plan.stopSequence ?? null };
  const { cache_creation: _, service_tier: __, ...finalUsage } = usage(
    plan.usage,
    plan.usage.output,
  );
  yield { data: sse({ type: "message_delta", delta: stop, usage: finalUsage }, "message_delta") };
  yield { data: sse({ type: "message_stop" }, "message_stop") };
}

function envelope(prompt: MockPrompt, usage: Obj): Obj {
  return { id: ID, type: "message", role: "assistant", model: prompt.model, usage };
}

/** Anthropic's `input_tokens` counts only the prompt tokens neither read from nor written to cache. */
function usage(u: MockUsage, outputTokens: number): Obj {
  return {
    input_tokens: Math.max(0, u.input - u.cacheRead - u.cacheWrite),
    cache_creation_input_tokens: u.cacheWrite,
    cache_read_input_tokens: u.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: u.cacheWrite, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: "standard",
  };
}

function stopReason(stop: MockStop): string {
  switch (stop) {
    case "end":
      return "end_turn";
    case "stop_sequence":
      return "stop_sequence";
    case "max_tokens":
      return "max_tokens";
    case "tool_use":
      return "tool_use";
  }
}

/** A user turn that carries tool results is the client's, not the user's: its text is ignored. */
function userText(m: Obj): string {
  return toolResults(m).length > 0 ? "" : textOf(m.content, ["text"]);
}

function toolResults(m: Obj): Obj[] {
  return Array.isArray(m.content)
    ? m.content.filter((b): b is Obj => isObj(b) && b.type === "tool_result")
    : [];
}

function resultText(block: Obj | undefined): string {
  return block ? textOf(block.content, ["text"]) : "";
}

function imagesOf(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  return content.filter((b) => isObj(b) && b.type === "image").map((b) => {
    const source = objAt(b, "source");
    return source.type === "base64"
      ? describeBase64Image(String(source.media_type), String(source.data))
      : `image:url:${String(source.url)}`;
  });
}
