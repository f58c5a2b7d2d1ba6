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
  /** Adds `by` to a counter (created at 0 with `ttlMs` if absent) and returns the new value. */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
}
