/**
 * A whole response as a stream, for when the client asked to stream but the answer came whole
 * (the echo provider, a non-streaming upstream, a cached response).
 *
 * @module
 */
import type { IrStreamEvent } from "./events.ts";
import type { IrResponse } from "./response.ts";
import { withDefined } from "./collect.ts";

/** Text is split into pieces of `chunkChars` characters so the client sees a real stream. */
export function* responseToEvents(response: IrResponse, chunkChars = 0): Generator<IrStreamEvent> {
  yield {
    type: "message_start",
    id: response.id,
    model: response.model,
    usage: {
      inputTokens: response.usage.inputTokens,
      cacheReadTokens: response.usage.cacheReadTokens,
      cacheWriteTokens: response.usage.cacheWriteTokens,
    },
  };
  let index = 0;
  for (const block of response.content) {
    switch (block.type) {
      case "text":
        yield {
          type: "block_start",
          index,
          block: withDefined({
            type: "text",
            thoughtSignature: block.thoughtSignature,
            origin: block.origin,
          }),
        };
        for (const piece of pieces(block.text, chunkChars)) {
          yield { type: "text_delta", index, text: piece };
        }
        break;
      case "thinking":
        yield {
          type: "block_start",
          index,
          block: withDefined({ type: "thinking", itemId: block.itemId, origin: block.origin }),
        };
        for (const piece of pieces(block.text, chunkChars)) {
          yield { type: "thinking_delta", index, text: piece };
        }
        if (block.signature) yield { type: "signature_delta", index, signature: block.signature };
        break;
      case "redacted_thinking":
        yield {
          type: "block_start",
          index,
          block: withDefined({ type: "redacted_thinking", data: block.data, origin: block.origin }),
        };
        break;
      case "tool_call":
        yield {
          type: "block_start",
          index,
          block: withDefined({
            type: "tool_call",
            id: block.id,
            name: block.name,
            kind: block.kind,
            thoughtSignature: block.thoughtSignature,
            origin: block.origin,
          }),
        };
        yield { type: "tool_input_delta", index, json: JSON.stringify(block.input) };
        break;
      default:
        // Images, documents and tool results never appear in an assistant answer.
        continue;
    }
    yield { type: "block_stop", index };
    index++;
  }
  yield { type: "finish", stop: response.stop, usage: response.usage };
}

function* pieces(text: string, size: number): Generator<string> {
  if (text === "") return;
  if (size <= 0) {
    yield text;
    return;
  }
  const chars = Array.from(text); // split on code points, never inside a surrogate pair
  for (let i = 0; i < chars.length; i += size) yield chars.slice(i, i + size).join("");
}
