/**
 * The protocol-neutral answer the mock gives: text in `chunks` pieces, or one tool call whose
 * arguments arrive in pieces. Each protocol module writes it in its own wire format.
 *
 * @module
 */

export interface MockToolCall {
  name: string;
  /** The complete arguments, JSON. */
  args: string;
  /** `args` split into the pieces the stream sends. */
  argPieces: string[];
}

export interface MockAnswer {
  model: string;
  /** Text pieces (empty in tool mode). */
  pieces: string[];
  tool?: MockToolCall;
  usage: { input: number; output: number };
}

/** How each protocol module speaks: the JSON body, the stream frames, the error body. */
export interface MockProtocol {
  json(answer: MockAnswer): unknown;
  /** Complete SSE frames (or JSON-array pieces), in order. */
  frames(answer: MockAnswer, request: Record<string, unknown>): string[];
  error(status: number, message: string): unknown;
  /** The first tool the request declares, so a tool-call answer names one the client knows. */
  firstToolName(request: Record<string, unknown>): string | undefined;
}

/** Fixed prompt figure: the mock does not tokenize, and a constant keeps answers cacheable. */
const INPUT_TOKENS = 10;

export function buildAnswer(
  model: string,
  chunks: number,
  toolName: string | undefined,
): MockAnswer {
  if (toolName === undefined) {
    const pieces = Array.from({ length: chunks }, (_, i) => `word${i} `);
    return { model, pieces, usage: { input: INPUT_TOKENS, output: chunks } };
  }
  const args = JSON.stringify({ city: "Paris", unit: "celsius", note: "x".repeat(chunks) });
  return {
    model,
    pieces: [],
    tool: { name: toolName, args, argPieces: split(args, chunks) },
    usage: { input: INPUT_TOKENS, output: chunks },
  };
}

/** Up to `parts` non-empty pieces of `text`. */
function split(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** One SSE frame; `event` adds the `event:` line Anthropic and Responses clients read. */
export function sse(data: unknown, event?: string): string {
  const json = JSON.stringify(data);
  return event ? `event: ${event}\ndata: ${json}\n\n` : `data: ${json}\n\n`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `request[key][0]` when it is an object. */
export function firstOf(request: unknown, key: string): Record<string, unknown> | undefined {
  const list = isObject(request) ? request[key] : undefined;
  return Array.isArray(list) && isObject(list[0]) ? list[0] : undefined;
}
