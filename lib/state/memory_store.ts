/**
 * In-memory `StateStore`: bounded in entries and in bytes (oldest evicted first) and by TTL.
 * Values are sized by their JSON length when stored, so one client storing large values (long
 * Responses conversations) cannot grow the gateway's memory past `maxBytes`.
 *
 * @module
 */
import type { StateStore } from "./store.ts";

interface Entry {
  value: unknown;
  expiresAt: number;
  bytes: number;
}

/** What a counter or other small value is charged. */
const SMALL_VALUE_BYTES = 64;

export class MemoryStore implements StateStore {
  #entries = new Map<string, Entry>();
  #bytes = 0;

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
    const entry = this.#live(key);
    if (entry) {
      entry.value = (entry.value as number) + by;
      entry.expiresAt = this.now() + ttlMs;
      return Promise.resolve(entry.value as number);
    }
    this.#entries.set(key, { value: by, expiresAt: this.now() + ttlMs, bytes: SMALL_VALUE_BYTES });
    this.#bytes += SMALL_VALUE_BYTES;
    this.#evict();
    return Promise.resolve(by);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Approximate bytes held (JSON length of stored values). */
  get bytes(): number {
    return this.#bytes;
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
