/**
 * A stream's idle limit: a wait on the upstream longer than the limit ends it. Used by the frame
 * relay, and by the decoded path through `idleGuard` (lib/server/resilience/timeouts.ts).
 *
 * @module
 */

/** What `idle.during` resolves to when the limit struck first. */
export const IDLE: unique symbol = Symbol("idle");

/**
 * The idle limit with one timer for the whole stream, re-armed only when it fires early; only
 * time spent waiting on the upstream counts (as in the decoded path's idle guard). The wait is
 * raced against the limit: a cancelled body does not always end a read already in flight.
 *
 * Each wait races on a promise of its own, never on one that lives as long as the stream:
 * `Promise.race` leaves a reaction on every promise it is given until that promise settles, so
 * racing each read against one stream-long promise kept every read's race alive until the stream
 * ended (with a thousand slow streams, tens of MB of heap).
 */
export function idleWatch(ms: number, onIdle: () => void) {
  let waitingSince: number | undefined;
  let expired = false;
  /** Ends the pending wait with `IDLE`, while one is pending. */
  let wake: ((value: typeof IDLE) => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const quiet = waitingSince === undefined ? 0 : performance.now() - waitingSince;
    if (quiet >= ms) {
      expired = true;
      wake?.(IDLE);
      onIdle();
    } else timer = setTimeout(check, ms - quiet);
  };
  timer = setTimeout(check, ms);
  return {
    async during<T>(read: Promise<T>): Promise<T | typeof IDLE> {
      waitingSince = performance.now();
      try {
        if (expired) return await Promise.race([read, IDLE_NOW]);
        return await new Promise<T | typeof IDLE>((resolve, reject) => {
          wake = resolve;
          read.then(resolve, reject);
        });
      } finally {
        waitingSince = undefined;
        wake = undefined;
      }
    },
    stop: () => clearTimeout(timer),
  };
}

/** The limit, once it has struck: every later wait is over at once. */
const IDLE_NOW: Promise<typeof IDLE> = Promise.resolve(IDLE);
