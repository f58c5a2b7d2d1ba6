/**
 * Test and edge helpers for byte streams.
 *
 * @module
 */

/** Text → byte chunks of `size` bytes (splitting UTF-8 sequences on purpose, as networks do). */
export function* byteChunks(text: string, size: number): Generator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

/** An async iterable of strings → a byte ReadableStream, ending or erroring with the source. */
export function textStream(source: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      // The client went away: end the generator chain, which aborts the upstream fetch.
      await iterator.return?.();
    },
  }, { highWaterMark: 0 });
}
