/**
 * In-memory `StateStore`: bounded in entries (oldest evicted first) and by TTL.
 *
 * @module
 */
import type { StateStore } from "./store.ts";

interface Entry {
  value: unknown;
  expiresAt: number;
}

export class MemoryStore implements StateStore {
  #entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(key: string): Promise<T | undefined> {
    return Promise.resolve(this.#live(key)?.value as T | undefined);
  }

  set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    this.#entries.delete(key); // re-insert so Map order stays oldest-first
    this.#entries.set(key, { value, expiresAt: this.now() + ttlMs });
    this.#evict();
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.#entries.delete(key);
    return Promise.resolve();
  }

  increment(key: string, by: number, ttlMs: number): Promise<number> {
    const entry = this.#live(key);
    if (entry) {
      entry.value = (entry.value as number) + by;
      entry.expiresAt = this.now() + ttlMs;
      return Promise.resolve(entry.value as number);
    }
    this.#entries.set(key, { value: by, expiresAt: this.now() + ttlMs });
    this.#evict();
    return Promise.resolve(by);
  }

  get size(): number {
    return this.#entries.size;
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #evict(): void {
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
