/**
 * Bytes → SSE messages. The one SSE parser every adapter uses (eventsource-parser does the
 * framing: CRLF, split lines, comments, multi-line data).
 *
 * @module
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";

export interface SseMessage {
  /** The `event:` name, absent for data-only frames. */
  event?: string;
  data: string;
}

export async function* decodeSse(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  const queue: SseMessage[] = [];
  const parser = createParser({
    onEvent: (message: EventSourceMessage) => {
      queue.push(
        message.event ? { event: message.event, data: message.data } : { data: message.data },
      );
    },
  });
  for await (const chunk of body) {
    // `stream: true` keeps a UTF-8 sequence split across chunks intact.
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (queue.length > 0) yield* queue.splice(0);
  }
  // Be lenient about an upstream that closes without the final blank line.
  parser.feed(decoder.decode() + "\n\n");
  yield* queue.splice(0);
}
