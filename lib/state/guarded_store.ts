/**
 * The availability guard around a shared (Redis) store: Redis going away never crashes or hangs
 * a request.
 *
 * Every call is bounded by a timeout. A failed call marks the store down, a successful one
 * marks it up again; each transition is logged once and reported as an event (metrics), never
 * once per request. While down, `on_unavailable` decides what limits do: `fail_open` admits
 * (rate windows count nothing, leases are granted), `fail_closed` refuses with a 503. Anything
 * else that needs the store (a `previous_response_id`, an admin-created key, the admin API)
 * gets the 503; background writes (usage, lease renewal, breaker state) are dropped.
 *
 * @module
 */
import { GatewayError } from "../ir/error.ts";
import type { StateStore, WindowCount } from "./store.ts";

export type OnUnavailable = "fail_open" | "fail_closed";

export interface StoreHealth {
  backend: string;
  available: boolean;
  onUnavailable: OnUnavailable;
}

export interface GuardOptions {
  backend: string;
  /** Read per call, so a reload changes it. */
  timeoutMs: () => number;
  onUnavailable: () => OnUnavailable;
  /** Called once per transition, with the reason when going down. */
  onTransition: (available: boolean, reason?: string) => void;
}

export class StoreUnavailableError extends GatewayError {
  constructor(reason: string) {
    super({
      status: 503,
      kind: "upstream_unavailable",
      message: `the gateway's state store is unavailable (${reason}); retry shortly`,
      retryAfter: "1",
      local: true,
    });
  }
}

export class GuardedStore implements StateStore {
  #available = true;

  constructor(private readonly inner: StateStore, private readonly options: GuardOptions) {}

  /** The store's state; while it is marked down, one probe first (readiness polls recover it). */
  async health(): Promise<StoreHealth> {
    if (!this.#available) await this.get("probe").catch(() => {});
    return {
      backend: this.options.backend,
      available: this.#available,
      onUnavailable: this.options.onUnavailable(),
    };
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.#call(() => this.inner.get<T>(key));
  }
  set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    return this.#call(() => this.inner.set(key, value, ttlMs));
  }
  delete(key: string): Promise<void> {
    return this.#call(() => this.inner.delete(key));
  }
  async touch(key: string, ttlMs: number): Promise<void> {
    const inner = this.inner;
    if (inner.touch) return await this.#call(() => inner.touch!(key, ttlMs));
    const value = await this.get(key); // a store without touch: rewrite the value
    if (value !== undefined) await this.set(key, value, ttlMs);
  }
  increment(key: string, by: number, ttlMs: number): Promise<number> {
    return this.#call(() => this.inner.increment(key, by, ttlMs));
  }

  async countInWindow(key: string, limit: number, windowMs: number, now: number) {
    try {
      return await this.#call(() => this.inner.countInWindow(key, limit, windowMs, now));
    } catch (error) {
      return this.#whenLimitUnknown<WindowCount>(error, {
        admitted: true,
        previous: 0,
        current: 0,
      });
    }
  }

  async acquireLease(key: string, holder: string, max: number, ttlMs: number) {
    try {
      return await this.#call(() => this.inner.acquireLease(key, holder, max, ttlMs));
    } catch (error) {
      return this.#whenLimitUnknown(error, true);
    }
  }

  renewLease(key: string, holder: string, ttlMs: number): Promise<void> {
    return this.#call(() => this.inner.renewLease(key, holder, ttlMs)).catch(() => {});
  }
  releaseLease(key: string, holder: string): Promise<void> {
    return this.#call(() => this.inner.releaseLease(key, holder)).catch(() => {});
  }
  addToHash(key: string, increments: Record<string, number>, ttlMs: number): Promise<void> {
    return this.#call(() => this.inner.addToHash(key, increments, ttlMs));
  }
  readHash(key: string): Promise<Record<string, string>> {
    return this.#call(() => this.inner.readHash(key));
  }
  readHashField(key: string, field: string): Promise<string | undefined> {
    return this.#call(() => this.inner.readHashField(key, field));
  }
  writeHashField(key: string, field: string, value: string, onlyIfAbsent?: boolean) {
    return this.#call(() => this.inner.writeHashField(key, field, value, onlyIfAbsent));
  }
  deleteHashField(key: string, field: string): Promise<boolean> {
    return this.#call(() => this.inner.deleteHashField(key, field));
  }

  /** fail_open: the limit admits; fail_closed: the request is refused with a 503. */
  #whenLimitUnknown<T>(error: unknown, admit: T): T {
    if (this.options.onUnavailable() === "fail_open") return admit;
    throw error;
  }

  async #call<T>(operation: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ms = this.options.timeoutMs();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    });
    try {
      const result = await Promise.race([operation(), timeout]);
      this.#mark(true);
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#mark(false, reason);
      throw new StoreUnavailableError(reason);
    } finally {
      clearTimeout(timer);
    }
  }

  #mark(available: boolean, reason?: string): void {
    if (available === this.#available) return;
    this.#available = available;
    this.options.onTransition(available, reason);
  }
}
