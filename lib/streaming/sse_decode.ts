/**
 * Bytes → SSE messages. The one SSE parser every adapter uses (eventsource-parser does the
 * framing: CRLF, split lines, comments, multi-line data).
 *
 * @module
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { bodyReads } from "./body_reads.ts";

export interface SseMessage {
  /** The `event:` name, absent for data-only frames. */
  event?: string;
  data: string;
}

/**
 * Set while the decoder waits for the network. Everything downstream of it is then waiting too,
 * which is what lets `textStream` stop looking for more ready pieces at once.
 */
export interface ReadState {
  waiting: boolean;
}

/**
 * `signal`: the exchange is over (timeout, client gone). The body is cancelled at once, even
 * while a read is pending: a fetch's own abort does not reliably end a body read already in
 * flight, and a read left pending holds the upstream socket open until the upstream speaks.
 */
export async function* decodeSse(
  body: AsyncIterable<Uint8Array>,
  state: ReadState = { waiting: false },
  signal?: AbortSignal,
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
  const reads = bodyReads(body);
  let ended = false;
  const stop = () => void reads.cancel();
  if (signal?.aborted) stop();
  signal?.addEventListener("abort", stop, { once: true });
  try {
    while (true) {
      state.waiting = true;
      const chunk = await reads.read();
      state.waiting = false;
      if (chunk === undefined) break;
      // `stream: true` keeps a UTF-8 sequence split across chunks intact.
      parser.feed(decoder.decode(chunk, { stream: true }));
      // A loop, not `yield*` over an array: that goes through an async-from-sync iterator per item.
      for (const message of queue.splice(0)) yield message;
    }
    ended = true;
  } finally {
    signal?.removeEventListener("abort", stop);
    // Left early (the consumer stopped or the read failed): stop the body, as `for await` would.
    if (!ended) await reads.cancel();
  }
  if (signal?.aborted) throw signal.reason;
  // Be lenient about an upstream that closes without the final blank line.
  parser.feed(decoder.decode() + "\n\n");
  yield* queue.splice(0);
}
