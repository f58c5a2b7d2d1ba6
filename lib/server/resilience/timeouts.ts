/**
 * `request_timeout_secs`: a deadline on the whole exchange for non-streaming requests, and on
 * the wait for each next event for streams (so a long stream that keeps talking is never cut,
 * while one that falls silent is ended with the protocol's terminal error).
 *
 * @module
 */
import { GatewayError } from "../../ir/error.ts";
import { alarms } from "./alarm_clock.ts";

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

/** What `IdleGuard.wait` gives when the upstream fell silent. */
export const IDLE: unique symbol = Symbol("idle");

export interface IdleGuard {
  /** `next`'s result, or `IDLE` once `ms` have passed in waits without an event. */
  wait<T>(next: Promise<T>): Promise<T | typeof IDLE>;
  /** Stops the timer: call when the stream is over. */
  stop(): void;
}

/**
 * The idle limit of a stream: a wait for the next event that lasts `ms` ends it.
 *
 * One timer serves the whole stream: it is re-armed only when it fires early, not per event,
 * because a stream carries thousands of events and a timer each is measurable overhead. Only
 * time spent waiting on the upstream counts as idle, never time the client takes to read.
 *
 * Each wait races on a promise of its own (see lib/streaming/idle_watch.ts): `Promise.race`
 * against one stream-long promise would keep every wait's race alive until the stream ended.
 */
export function idleGuard(ms: number): IdleGuard {
  let waitingSince: number | undefined; // set while a read from the upstream is pending
  let expired = false;
  let wake: ((value: typeof IDLE) => void) | undefined; // ends the pending wait with IDLE
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const quiet = waitingSince === undefined ? 0 : performance.now() - waitingSince;
    if (quiet >= ms) {
      expired = true;
      wake?.(IDLE);
    } else timer = setTimeout(check, ms - quiet);
  };
  timer = setTimeout(check, ms);
  return {
    async wait<T>(next: Promise<T>): Promise<T | typeof IDLE> {
      waitingSince = performance.now();
      // A failed read ends the stream anyway.
      const result = expired
        ? await Promise.race([next, Promise.resolve(IDLE)])
        : await new Promise<T | typeof IDLE>((resolve, reject) => {
          wake = resolve;
          next.then(resolve, reject);
        });
      waitingSince = undefined;
      wake = undefined;
      return result;
    },
    stop: () => clearTimeout(timer),
  };
}
