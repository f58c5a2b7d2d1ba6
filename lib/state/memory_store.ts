/**
 * In-memory `StateStore`: bounded in entries and in bytes (oldest evicted first) and by TTL.
 * Values are sized by their JSON length when stored, so one client storing large values (long
 * Responses conversations) cannot grow the gateway's memory past `maxBytes`. Hashes (named
 * keys, usage counters) and leases live apart from the evictable entries, so a busy response
 * store can never push a key or a day's usage out.
 *
 * @module
 */
import { type StateStore, type WindowCount, windowCounterKey, windowElapsed } from "./store.ts";

interface Entry {
  value: unknown;
  expiresAt: number;
  bytes: number;
}

interface Hash {
  fields: Map<string, string>;
  expiresAt: number;
}

/** What a counter or other small value is charged. */
const SMALL_VALUE_BYTES = 64;

export class MemoryStore implements StateStore {
  #entries = new Map<string, Entry>();
  #bytes = 0;
  #hashes = new Map<string, Hash>();
  #leases = new Map<string, Map<string, number>>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
    private readonly maxBytes = 256 * 1048576,
  ) {}

  get<T>(key: string): Promise<T | undefined> {
    return Promise.resolve(this.#live(key)?.value as T | undefined);
  }

  set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    this.#remove(key); // re-insert so Map order stays oldest-first
    const bytes = typeof value === "object" && value !== null
      ? (JSON.stringify(value)?.length ?? 0) + SMALL_VALUE_BYTES
      : SMALL_VALUE_BYTES;
    this.#entries.set(key, { value, expiresAt: this.now() + ttlMs, bytes });
    this.#bytes += bytes;
    this.#evict();
    return Promise.resolve();
  }

  touch(key: string, ttlMs: number): Promise<void> {
    const entry = this.#live(key);
    if (entry) entry.expiresAt = this.now() + ttlMs;
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.#remove(key);
    return Promise.resolve();
  }

  increment(key: string, by: number, ttlMs: number): Promise<number> {
    return Promise.resolve(this.#add(key, by, ttlMs));
  }

  countInWindow(key: string, limit: number, windowMs: number, now: number): Promise<WindowCount> {
    const previous =
      (this.#live(windowCounterKey(key, now - windowMs, windowMs))?.value as number) ?? 0;
    const currentKey = windowCounterKey(key, now, windowMs);
    const current = (this.#live(currentKey)?.value as number) ?? 0;
    const weighted = previous * (1 - windowElapsed(now, windowMs));
    if (weighted + current + 1 > limit) {
      return Promise.resolve({ admitted: false, previous, current });
    }
    return Promise.resolve({
      admitted: true,
      previous,
      current: this.#add(currentKey, 1, 2 * windowMs),
    });
  }

  acquireLease(key: string, holder: string, max: number, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const leases = this.#leases.get(key) ?? new Map<string, number>();
    for (const [who, until] of leases) if (until <= now) leases.delete(who);
    if (leases.size >= max) return Promise.resolve(false);
    leases.set(holder, now + ttlMs);
    this.#leases.set(key, leases);
    return Promise.resolve(true);
  }

  renewLease(key: string, holder: string, ttlMs: number): Promise<void> {
    const leases = this.#leases.get(key);
    if (leases?.has(holder)) leases.set(holder, this.now() + ttlMs);
    return Promise.resolve();
  }

  releaseLease(key: string, holder: string): Promise<void> {
    const leases = this.#leases.get(key);
    leases?.delete(holder);
    if (leases?.size === 0) this.#leases.delete(key);
    return Promise.resolve();
  }

  addToHash(key: string, increments: Record<string, number>, ttlMs: number): Promise<void> {
    const hash = this.#hash(key, true)!;
    for (const [field, by] of Object.entries(increments)) {
      hash.fields.set(field, String(Number(hash.fields.get(field) ?? 0) + by));
    }
    hash.expiresAt = this.now() + ttlMs;
    return Promise.resolve();
  }

  readHash(key: string): Promise<Record<string, string>> {
    return Promise.resolve(Object.fromEntries(this.#hash(key)?.fields ?? []));
  }

  readHashField(key: string, field: string): Promise<string | undefined> {
    return Promise.resolve(this.#hash(key)?.fields.get(field));
  }

  writeHashField(
    key: string,
    field: string,
    value: string,
    onlyIfAbsent = false,
  ): Promise<boolean> {
    const hash = this.#hash(key, true)!;
    if (onlyIfAbsent && hash.fields.has(field)) return Promise.resolve(false);
    hash.fields.set(field, value);
    hash.expiresAt = Infinity;
    return Promise.resolve(true);
  }

  deleteHashField(key: string, field: string): Promise<boolean> {
    return Promise.resolve(this.#hash(key)?.fields.delete(field) ?? false);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Approximate bytes held (JSON length of stored values). */
  get bytes(): number {
    return this.#bytes;
  }

  #add(key: string, by: number, ttlMs: number): number {
    const entry = this.#live(key);
    if (entry) {
      entry.value = (entry.value as number) + by;
      entry.expiresAt = this.now() + ttlMs;
      return entry.value as number;
    }
    this.#entries.set(key, { value: by, expiresAt: this.now() + ttlMs, bytes: SMALL_VALUE_BYTES });
    this.#bytes += SMALL_VALUE_BYTES;
    this.#evict();
    return by;
  }

  #hash(key: string, create = false): Hash | undefined {
    let hash = this.#hashes.get(key);
    if (hash && hash.expiresAt <= this.now()) {
      this.#hashes.delete(key);
      hash = undefined;
    }
    if (!hash && create) {
      hash = { fields: new Map(), expiresAt: Infinity };
      this.#hashes.set(key, hash);
    }
    return hash;
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#bytes -= entry.bytes;
    this.#entries.delete(key);
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.#remove(key);
      return undefined;
    }
    return entry;
  }

  #evict(): void {
    while (
      this.#entries.size > this.maxEntries ||
      (this.#bytes > this.maxBytes && this.#entries.size > 1)
    ) {
      this.#remove(this.#entries.keys().next().value as string);
    }
  }
}
