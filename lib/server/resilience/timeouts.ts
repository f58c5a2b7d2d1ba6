/**
 * `request_timeout_secs`: a deadline on the whole exchange for non-streaming requests, and on
 * the wait for each next event for streams (so a long stream that keeps talking is never cut,
 * while one that falls silent is ended with the protocol's terminal error).
 *
 * @module
 */
import { GatewayError } from "../../ir/error.ts";
import { alarms } from "./alarm_clock.ts";
import { IDLE, idleWatch } from "../../streaming/idle_watch.ts";

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
  const alarm = alarms.after(ms, expire);
  const clear = () => alarm.cancel();
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

/** What `IdleGuard.wait` gives when the upstream fell silent (the frame relay's own `IDLE`). */
export { IDLE };

export interface IdleGuard {
  /** `next`'s result, or `IDLE` once `ms` have passed in waits without an event. */
  wait<T>(next: Promise<T>): Promise<T | typeof IDLE>;
  /** Stops the timer: call when the stream is over. */
  stop(): void;
}

/**
 * The idle limit of a decoded stream: the frame relay's `idleWatch` (one timer per stream, only
 * time spent waiting on the upstream counts, a wait of its own per read), whose caller acts on
 * `IDLE` itself rather than through a callback.
 */
export function idleGuard(ms: number): IdleGuard {
  const watch = idleWatch(ms, () => {});
  return { wait: (next) => watch.during(next), stop: watch.stop };
}
