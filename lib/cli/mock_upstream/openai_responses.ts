/**
 * OpenAI Responses as the mock speaks it: a `response` object, or the typed event stream
 * (created, in_progress, output item and part events, deltas, done events, completed), each
 * with its `sequence_number`.
 *
 * @module
 */
import { firstOf, type MockAnswer, type MockProtocol, sse } from "./answer.ts";

const ID = "resp_mock";
const ITEM_ID = "msg_mock";
const CALL_ITEM_ID = "fc_mock";

function response(answer: MockAnswer, status: string, output: unknown[]) {
  const { input, output: out } = answer.usage;
  return {
    id: ID,
    object: "response",
    created_at: 1_700_000_000,
    status,
    model: answer.model,
    output,
    usage: status === "completed"
      ? {
        input_tokens: input,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: out,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: input + out,
      }
      : null,
  };
}

function outputItem(answer: MockAnswer, done: boolean) {
  if (answer.tool) {
    return {
      type: "function_call",
      id: CALL_ITEM_ID,
      call_id: "call_mock_1",
      name: answer.tool.name,
      arguments: done ? answer.tool.args : "",
      status: done ? "completed" : "in_progress",
    };
  }
  const content = done ? [part(answer.pieces.join(""))] : [];
  return {
    type: "message",
    id: ITEM_ID,
    role: "assistant",
    status: done ? "completed" : "in_progress",
    content,
  };
}

function part(text: string) {
  return { type: "output_text", text, annotations: [] };
}

export const openAIResponses: MockProtocol = {
  json: (answer) => response(answer, "completed", [outputItem(answer, true)]),
  frames: (answer) => {
    let sequence = 0;
    const frames: string[] = [];
    const emit = (type: string, fields: Record<string, unknown>) =>
      frames.push(sse({ type, sequence_number: sequence++, ...fields }, type));
    emit("response.created", { response: response(answer, "in_progress", []) });
    emit("response.in_progress", { response: response(answer, "in_progress", []) });
    emit("response.output_item.added", { output_index: 0, item: outputItem(answer, false) });
    if (answer.tool) {
      const at = { item_id: CALL_ITEM_ID, output_index: 0 };
      for (const delta of answer.tool.argPieces) {
        emit("response.function_call_arguments.delta", { ...at, delta });
      }
      emit("response.function_call_arguments.done", { ...at, arguments: answer.tool.args });
    } else {
      const at = { item_id: ITEM_ID, output_index: 0, content_index: 0 };
      emit("response.content_part.added", { ...at, part: part("") });
      for (const delta of answer.pieces) emit("response.output_text.delta", { ...at, delta });
      const text = answer.pieces.join("");
      emit("response.output_text.done", { ...at, text });
      emit("response.content_part.done", { ...at, part: part(text) });
    }
    emit("response.output_item.done", { output_index: 0, item: outputItem(answer, true) });
    emit("response.completed", {
      response: response(answer, "completed", [outputItem(answer, true)]),
    });
    return frames;
  },
  error: (status, message) => ({
    error: { message, type: status === 429 ? "rate_limit_error" : "server_error", code: null },
  }),
  firstToolName: (request) => {
    const name = firstOf(request, "tools")?.name;
    return typeof name === "string" ? name : undefined;
  },
};
