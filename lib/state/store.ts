/**
 * The one small interface behind every piece of gateway state (rate windows, concurrency
 * leases, circuit breakers, the Responses response store, named keys, usage counters), so a
 * shared implementation (Redis) can replace the in-memory one for several instances behind a
 * load balancer.
 *
 * Every operation that decides something (a window count, a lease) is one atomic step in the
 * store, never a read followed by a write from the gateway: two instances can never both see
 * the last free slot.
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
   * Every increment pushes the counter's expiry to `ttlMs` from now; windowed counters put the
   * window in the key instead.
   */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
  /** Optional: pushes a live value's expiry to `ttlMs` from now without rewriting it. */
  touch?(key: string, ttlMs: number): Promise<void>;
  /**
   * Sliding-window admission in one atomic step: counts the request into the window `now`
   * falls in (counter `${key}:${window index}`) unless the previous window's count, weighted
   * by how much of it still overlaps, plus this window's would then exceed `limit`.
   */
  countInWindow(key: string, limit: number, windowMs: number, now: number): Promise<WindowCount>;
  /**
   * Takes one of `max` slots for `holder`, as a lease that lapses `ttlMs` after it was last
   * taken or renewed: a slot held by an instance that died frees itself.
   */
  acquireLease(key: string, holder: string, max: number, ttlMs: number): Promise<boolean>;
  renewLease(key: string, holder: string, ttlMs: number): Promise<void>;
  releaseLease(key: string, holder: string): Promise<void>;
  /** Adds each number to its field of a hash (created empty), and sets its expiry. */
  addToHash(key: string, increments: Record<string, number>, ttlMs: number): Promise<void>;
  /** Every field of a hash; `{}` when absent. */
  readHash(key: string): Promise<Record<string, string>>;
  readHashField(key: string, field: string): Promise<string | undefined>;
  /**
   * Writes one field of a hash that never expires (named keys). With `onlyIfAbsent`, an
   * existing field is kept and the answer is false.
   */
  writeHashField(
    key: string,
    field: string,
    value: string,
    onlyIfAbsent?: boolean,
  ): Promise<boolean>;
  /** True when the field existed. */
  deleteHashField(key: string, field: string): Promise<boolean>;
}

export interface WindowCount {
  admitted: boolean;
  /** The previous window's count. */
  previous: number;
  /** This window's count, this request included when admitted. */
  current: number;
}

/** How far into its window `now` is, in [0, 1). */
export function windowElapsed(now: number, windowMs: number): number {
  return (now % windowMs) / windowMs;
}

export function windowCounterKey(key: string, now: number, windowMs: number): string {
  return `${key}:${Math.floor(now / windowMs)}`;
}
