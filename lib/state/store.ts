/**
 * The one small interface behind every piece of gateway state (rate windows, concurrency
 * counters, circuit breakers, the Responses response store), so a shared implementation can
 * replace the in-memory one for several instances behind a load balancer.
 *
 * @module
 */
export interface StateStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores a value that expires after `ttlMs` milliseconds. */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Adds `by` (may be negative) to a counter, created at 0 if absent, and returns the new value.
   * Every increment pushes the counter's expiry to `ttlMs` from now, so a counter that is in use
   * (a concurrency slot count) never expires under its users; windowed counters put the window
   * in the key instead.
   */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
  /** Optional: pushes a live value's expiry to `ttlMs` from now without rewriting it. */
  touch?(key: string, ttlMs: number): Promise<void>;
}
