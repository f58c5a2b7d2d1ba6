/**
 * Gemini generateContent as the mock speaks it: one `GenerateContentResponse`, or for
 * streamGenerateContent a series of them (SSE with `alt=sse`, else one JSON array written piece
 * by piece). The last carries `finishReason` and `usageMetadata`; a function call comes whole.
 *
 * @module
 */
import { firstOf, type MockAnswer, type MockProtocol } from "./answer.ts";

function candidate(parts: unknown[], finish: boolean) {
  return {
    content: { role: "model", parts },
    index: 0,
    ...(finish ? { finishReason: "STOP" } : {}),
  };
}

function response(answer: MockAnswer, parts: unknown[], finish: boolean) {
  const { input, output } = answer.usage;
  return {
    candidates: [candidate(parts, finish)],
    ...(finish
      ? {
        usageMetadata: {
          promptTokenCount: input,
          candidatesTokenCount: output,
          totalTokenCount: input + output,
        },
      }
      : {}),
    modelVersion: answer.model,
    responseId: "mock-response",
  };
}

function functionCall(answer: MockAnswer) {
  const tool = answer.tool!;
  return { functionCall: { name: tool.name, args: JSON.parse(tool.args) } };
}

/** The responses of one stream; the SSE or JSON-array framing is the handler's. */
export function geminiResponses(answer: MockAnswer): unknown[] {
  if (answer.tool) return [response(answer, [functionCall(answer)], true)];
  return answer.pieces.map((text, i) =>
    response(answer, [{ text }], i === answer.pieces.length - 1)
  );
}

export const gemini: MockProtocol = {
  json: (answer) =>
    response(
      answer,
      answer.tool ? [functionCall(answer)] : [{ text: answer.pieces.join("") }],
      true,
    ),
  frames: (answer) => geminiResponses(answer).map((r) => `data: ${JSON.stringify(r)}\r\n\r\n`),
  error: (status, message) => ({
    error: {
      code: status,
      message,
      status: status === 429
        ? "RESOURCE_EXHAUSTED"
        : status === 400
        ? "INVALID_ARGUMENT"
        : "UNAVAILABLE",
    },
  }),
  firstToolName: (request) => {
    const declarations = firstOf(request, "tools")?.functionDeclarations;
    const first = Array.isArray(declarations) ? declarations[0] : undefined;
    return typeof first?.name === "string" ? first.name : undefined;
  },
};

/** Without `alt=sse`: one JSON array, each element its own write. */
export function geminiArrayPieces(answer: MockAnswer): string[] {
  return geminiResponses(answer).map((r, i, all) =>
    (i === 0 ? "[" : ",\r\n") + JSON.stringify(r) + (i === all.length - 1 ? "]" : "")
  );
}
