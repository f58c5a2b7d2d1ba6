/**
 * The concurrency slots one request holds, as leases in the state store: renewed while the
 * request runs (a long stream keeps its slot), released when it ends, and lapsing on their own
 * `lease_secs` after an instance died holding them.
 *
 * @module
 */
import type { StateStore } from "../../state/store.ts";

export class Leases {
  #held: string[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  async acquire(key: string, max: number): Promise<boolean> {
    if (!(await this.store.acquireLease(key, this.holder, max, this.ttlMs))) return false;
    this.#held.push(key);
    // Renew well before the lease lapses; one timer per request, whatever it holds.
    this.#timer ??= setInterval(() => this.#renew(), Math.max(50, this.ttlMs / 3));
    return true;
  }

  async releaseAll(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const held = this.#held;
    this.#held = [];
    await Promise.all(held.map((key) => this.store.releaseLease(key, this.holder)));
  }

  #renew(): void {
    for (const key of this.#held) {
      this.store.renewLease(key, this.holder, this.ttlMs).catch(() => {});
    }
  }
}
