/**
 * Byte-stream edges: text → byte chunks for tests, and a string generator → the response body.
 *
 * @module
 */

/** Text → byte chunks of `size` bytes (splitting UTF-8 sequences on purpose, as networks do). */
export function* byteChunks(text: string, size: number): Generator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

/** How many microtask turns a ready value may take to come through the generator chain. */
const READY_TURNS = 64;
/** Upper bound on pieces merged into one write, so a fast upstream cannot starve the client. */
const MAX_MERGED = 256;

const NOT_READY = Symbol("not ready");

/** Resolves after `turns` microtask turns: never waits on I/O or timers. */
async function afterMicrotasks(turns: number): Promise<typeof NOT_READY> {
  for (let i = 0; i < turns; i++) await undefined;
  return NOT_READY;
}

/**
 * An async iterable of strings → a byte ReadableStream, ending or erroring with the source.
 *
 * Pieces that are already available (one upstream read often carries many SSE events) are
 * merged into one write; a piece that would need to wait for the network is never waited for,
 * so the first byte and every later byte leave as soon as they exist.
 */
export function textStream(
  source: AsyncIterable<string>,
  onCancel?: () => Promise<void>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<string>> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const first = await (pending ?? iterator.next());
        pending = undefined;
        if (first.done) {
          controller.close();
          return;
        }
        let text = first.value;
        for (let merged = 1; merged < MAX_MERGED; merged++) {
          const next = iterator.next();
          const ready = await Promise.race([next, afterMicrotasks(READY_TURNS)]);
          if (ready === NOT_READY || ready.done) {
            pending = next; // taken up by the next pull (or closes the stream there)
            break;
          }
          text += ready.value;
        }
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      // The client went away: end the generator chain, which aborts the upstream fetch.
      await iterator.return?.();
      await onCancel?.();
    },
  }, { highWaterMark: 0 });
}
