/**
 * A stream's idle limit: a wait on the upstream longer than the limit ends it. Used by the frame
 * relay; the decoded path has its own guard in lib/server/middleware/timeouts.ts.
 *
 * @module
 */

/** What `idle.during` resolves to when the limit struck first. */
export const IDLE: unique symbol = Symbol("idle");

/**
 * The idle limit with one timer for the whole stream, re-armed only when it fires early; only
 * time spent waiting on the upstream counts (as in the decoded path's idle guard). The wait is
 * raced against the limit: a cancelled body does not always end a read already in flight.
 */
export function idleWatch(ms: number, onIdle: () => void) {
  let waitingSince: number | undefined;
  let fire!: (value: typeof IDLE) => void;
  const idle = new Promise<typeof IDLE>((resolve) => (fire = resolve));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const quiet = waitingSince === undefined ? 0 : performance.now() - waitingSince;
    if (quiet >= ms) {
      fire(IDLE);
      onIdle();
    } else timer = setTimeout(check, ms - quiet);
  };
  timer = setTimeout(check, ms);
  return {
    async during<T>(read: Promise<T>): Promise<T | typeof IDLE> {
      waitingSince = performance.now();
      try {
        return await Promise.race([read, idle]);
      } finally {
        waitingSince = undefined;
      }
    },
    stop: () => clearTimeout(timer),
  };
}
