/**
 * Anthropic Messages as the mock speaks it: a `message`, or the event stream (message_start,
 * content_block_start, ping, deltas, content_block_stop, message_delta, message_stop).
 *
 * @module
 */
import { firstOf, type MockAnswer, type MockProtocol, sse } from "./answer.ts";

const ID = "msg_mock";

function usage(answer: MockAnswer, output: number) {
  return {
    input_tokens: answer.usage.input,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: output,
  };
}

function envelope(answer: MockAnswer, output: number) {
  return {
    id: ID,
    type: "message",
    role: "assistant",
    model: answer.model,
    usage: usage(answer, output),
  };
}

function stopReason(answer: MockAnswer): string {
  return answer.tool ? "tool_use" : "end_turn";
}

export const anthropic: MockProtocol = {
  json: (answer) => ({
    ...envelope(answer, answer.usage.output),
    content: answer.tool
      ? [{ type: "tool_use", id: "toolu_mock_1", name: answer.tool.name, input: toolInput(answer) }]
      : [{ type: "text", text: answer.pieces.join("") }],
    stop_reason: stopReason(answer),
    stop_sequence: null,
  }),
  frames: (answer) => {
    const start = { ...envelope(answer, 1), content: [], stop_reason: null, stop_sequence: null };
    const frames = [sse({ type: "message_start", message: start }, "message_start")];
    const block = answer.tool
      ? { type: "tool_use", id: "toolu_mock_1", name: answer.tool.name, input: {} }
      : { type: "text", text: "" };
    frames.push(
      sse({ type: "content_block_start", index: 0, content_block: block }, "content_block_start"),
    );
    frames.push(sse({ type: "ping" }, "ping"));
    const deltas = answer.tool
      ? answer.tool.argPieces.map((partial_json) => ({ type: "input_json_delta", partial_json }))
      : answer.pieces.map((text) => ({ type: "text_delta", text }));
    for (const delta of deltas) {
      frames.push(sse({ type: "content_block_delta", index: 0, delta }, "content_block_delta"));
    }
    frames.push(sse({ type: "content_block_stop", index: 0 }, "content_block_stop"));
    const delta = { stop_reason: stopReason(answer), stop_sequence: null };
    const final = { type: "message_delta", delta, usage: usage(answer, answer.usage.output) };
    frames.push(sse(final, "message_delta"));
    frames.push(sse({ type: "message_stop" }, "message_stop"));
    return frames;
  },
  error: (status, message) => ({
    type: "error",
    error: {
      type: status === 429 ? "rate_limit_error" : status === 529 ? "overloaded_error" : "api_error",
      message,
    },
  }),
  firstToolName: (request) => {
    const name = firstOf(request, "tools")?.name;
    return typeof name === "string" ? name : undefined;
  },
};

function toolInput(answer: MockAnswer): unknown {
  return JSON.parse(answer.tool?.args ?? "{}");
}
