/**
 * OpenAI Chat Completions as the mock speaks it: a `chat.completion`, or `chat.completion.chunk`
 * frames ending in `[DONE]`, with the usage chunk only when `stream_options.include_usage` asks.
 *
 * @module
 */
import { firstOf, isObject, type MockAnswer, type MockProtocol, sse } from "./answer.ts";

const ID = "chatcmpl-mock";
const CREATED = 1_700_000_000;

function usage(answer: MockAnswer) {
  const { input, output } = answer.usage;
  return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
}

function chunk(answer: MockAnswer, delta: unknown, finish: string | null) {
  return {
    id: ID,
    object: "chat.completion.chunk",
    created: CREATED,
    model: answer.model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

export const openAIChat: MockProtocol = {
  json: (answer) => ({
    id: ID,
    object: "chat.completion",
    created: CREATED,
    model: answer.model,
    choices: [{
      index: 0,
      message: answer.tool
        ? {
          role: "assistant",
          content: null,
          tool_calls: [{
            id: "call_mock_1",
            type: "function",
            function: { name: answer.tool.name, arguments: answer.tool.args },
          }],
        }
        : { role: "assistant", content: answer.pieces.join("") },
      finish_reason: answer.tool ? "tool_calls" : "stop",
    }],
    usage: usage(answer),
  }),
  frames: (answer, request) => {
    const frames = [sse(chunk(answer, { role: "assistant", content: "" }, null))];
    for (const piece of answer.pieces) frames.push(sse(chunk(answer, { content: piece }, null)));
    if (answer.tool) {
      const opening = { index: 0, id: "call_mock_1", type: "function" };
      frames.push(sse(chunk(answer, {
        tool_calls: [{ ...opening, function: { name: answer.tool.name, arguments: "" } }],
      }, null)));
      for (const piece of answer.tool.argPieces) {
        const delta = { tool_calls: [{ index: 0, function: { arguments: piece } }] };
        frames.push(sse(chunk(answer, delta, null)));
      }
    }
    frames.push(sse(chunk(answer, {}, answer.tool ? "tool_calls" : "stop")));
    const options = request.stream_options;
    if (isObject(options) && options.include_usage === true) {
      frames.push(sse({ ...chunk(answer, {}, null), choices: [], usage: usage(answer) }));
    }
    frames.push("data: [DONE]\n\n");
    return frames;
  },
  error: (status, message) => ({
    error: { message, type: status === 429 ? "rate_limit_error" : "server_error", code: null },
  }),
  firstToolName: (request) => {
    const fn = firstOf(request, "tools")?.function;
    return isObject(fn) && typeof fn.name === "string" ? fn.name : undefined;
  },
};
