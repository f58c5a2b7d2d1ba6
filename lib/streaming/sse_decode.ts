/**
 * Bytes → SSE messages. The one SSE decoder every adapter uses: each network read is decoded
 * to text once and scanned for all the messages it completes (sse_scanner.ts).
 *
 * @module
 */
import { bodyReads } from "./body_reads.ts";
import { type SseMessage, sseScanner } from "./sse_scanner.ts";

export type { SseMessage };

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
  const scanner = sseScanner();
  const reads = bodyReads(body);
  let ended = false;
  const stop = () => void reads.cancel();
  if (signal?.aborted) stop();
  signal?.addEventListener("abort", stop, { once: true });
  const batch: SseMessage[] = [];
  try {
    while (true) {
      state.waiting = true;
      const chunk = await reads.read();
      state.waiting = false;
      if (chunk === undefined) break;
      // `stream: true` keeps a UTF-8 sequence split across chunks intact.
      scanner.feed(decoder.decode(chunk, { stream: true }), batch);
      // A loop, not `yield*` over an array: that goes through an async-from-sync iterator per item.
      for (let i = 0; i < batch.length; i++) yield batch[i];
      batch.length = 0;
    }
    ended = true;
  } finally {
    signal?.removeEventListener("abort", stop);
    // Left early (the consumer stopped or the read failed): stop the body, as `for await` would.
    if (!ended) await reads.cancel();
  }
  if (signal?.aborted) throw signal.reason;
  scanner.feed(decoder.decode(), batch);
  scanner.end(batch);
  for (let i = 0; i < batch.length; i++) yield batch[i];
}
