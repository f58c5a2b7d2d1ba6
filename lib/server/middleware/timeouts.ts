/**
 * `request_timeout_secs`: a deadline on the whole exchange for non-streaming requests, and on
 * the wait for each next event for streams (so a long stream that keeps talking is never cut,
 * while one that falls silent is ended with the protocol's terminal error).
 *
 * @module
 */
import { GatewayError } from "../../ir/error.ts";

export interface Deadline {
  /** Aborted by the parent (client gone) or when the deadline passes. */
  signal: AbortSignal;
  /** Stops the timer; the signal still follows the parent. */
  clear(): void;
  /** Aborts now with the timeout error (an idle stream). */
  expire(): void;
  /** Detaches from the parent: call when the request is over. */
  dispose(): void;
}

export function timeoutError(seconds: number, what: string): GatewayError {
  return new GatewayError({
    status: 504,
    kind: "timeout",
    message: `${what} took longer than request_timeout_secs (${seconds} s)`,
  });
}

export function deadline(parent: AbortSignal, ms: number, error: () => GatewayError): Deadline {
  const controller = new AbortController();
  const follow = () => controller.abort(parent.reason);
  if (parent.aborted) follow();
  else parent.addEventListener("abort", follow, { once: true });
  const expire = () => {
    if (!controller.signal.aborted) controller.abort(error());
  };
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(expire, ms);
  const clear = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    signal: controller.signal,
    clear,
    expire,
    dispose: () => {
      clear();
      parent.removeEventListener("abort", follow);
    },
  };
}

/**
 * Passes events through, ending the stream with `onIdle()`'s event when none arrives for `ms`.
 * `onIdle` also aborts the upstream, which is what unblocks the pending read.
 */
export async function* idleTimeout<T>(
  events: AsyncIterable<T>,
  ms: number,
  onIdle: () => T,
): AsyncGenerator<T> {
  const iterator = events[Symbol.asyncIterator]();
  let timedOut = false;
  try {
    while (true) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const idle = new Promise<"idle">((resolve) => {
        timer = setTimeout(() => resolve("idle"), ms);
      });
      const next = iterator.next();
      const result = await Promise.race([next, idle]).finally(() => clearTimeout(timer));
      if (result === "idle") {
        timedOut = true;
        next.catch(() => {});
        yield onIdle();
        return;
      }
      if (result.done) return;
      yield result.value;
    }
  } finally {
    // After a timeout the upstream read may still be settling: do not wait on it.
    const closing = iterator.return?.(undefined);
    if (timedOut) closing?.catch(() => {});
    else await closing;
  }
}
