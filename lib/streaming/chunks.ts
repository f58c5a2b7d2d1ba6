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

/**
 * How many turns in a row `blocked` must hold before it is believed: a read that completed from
 * a buffer takes a few turns to clear the flag that it was waiting.
 */
const BLOCKED_TURNS = 8;

/**
 * True when `next` settles within `turns` microtask turns: never waits on I/O or timers. Stops
 * as soon as it settles, or once the source says it is blocked on I/O (nothing can settle then
 * before the event loop runs), so a piece costs only the turns it really needs.
 */
async function settlesSoon(
  next: Promise<unknown>,
  turns: number,
  blocked: (() => boolean) | undefined,
): Promise<boolean> {
  let settled = false;
  const mark = () => {
    settled = true;
  };
  next.then(mark, mark);
  let stalled = 0;
  for (let i = 0; i < turns && !settled; i++) {
    await undefined;
    stalled = blocked?.() ? stalled + 1 : 0;
    if (stalled >= BLOCKED_TURNS) break;
  }
  return settled;
}

/**
 * An async iterable of strings → a byte ReadableStream, ending or erroring with the source.
 *
 * Pieces that are already available (one upstream read often carries many SSE events) are
 * merged into one write; a piece that would need to wait for the network is never waited for,
 * so the first byte and every later byte leave as soon as they exist.
 *
 * `onStop` runs when the stream ends early: cancelled by its reader (the client went away) or
 * failed, before the source is asked to return: it must abort whatever the source waits on. `blocked`, when given,
 * says the source waits on I/O, so no further piece can be ready yet.
 */
export function textStream(
  source: AsyncIterable<string>,
  onStop?: () => void | Promise<void>,
  blocked?: () => boolean,
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
          const ready = await settlesSoon(next, READY_TURNS, blocked) ? await next : undefined;
          if (ready === undefined || ready.done) {
            pending = next; // taken up by the next pull (or closes the stream there)
            break;
          }
          text += ready.value;
        }
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        controller.error(error);
        await onStop?.();
      }
    },
    async cancel() {
      // The client went away. Stop the source first: the generator chain may be parked on an
      // upstream read during a silent gap, and `return()` on a generator only runs once its
      // pending `next()` settles, which would hold the upstream until it spoke or timed out.
      await onStop?.();
      await iterator.return?.();
    },
  }, { highWaterMark: 0 });
}
