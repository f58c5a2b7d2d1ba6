/**
 * Per-provider circuit breaker, with its state in the `StateStore` so a shared store can give
 * several instances one view of a provider.
 *
 * closed → (`failures` consecutive retryable failures) → open for `cooldownMs` → the first
 * request after the cooldown is the one trial (half-open) while others still fail fast →
 * success closes it, failure opens it again for another cooldown.
 *
 * @module
 */
import type { BreakerEvent } from "../../observability/ops_event.ts";
import type { StateStore } from "../../state/store.ts";

interface BreakerState {
  /** Consecutive retryable failures while closed. */
  failures: number;
  /** Set while open or half-open: when the cooldown ends. */
  openUntil?: number;
  /** Set while half-open: when the trial request started. */
  trialAt?: number;
}

export interface BreakerSettings {
  failures: number;
  cooldownMs: number;
}

export type BreakerVerdict = "allow" | "trial" | "reject";

export class CircuitBreaker {
  constructor(
    private readonly store: StateStore,
    private readonly now: () => number,
    private readonly notify: (provider: string, event: BreakerEvent) => void,
  ) {}

  /**
   * May a request go to `provider` now? A state store that cannot answer lets the request
   * through: the breaker protects providers, it must not become an outage of its own.
   */
  async admit(provider: string, settings: BreakerSettings): Promise<BreakerVerdict> {
    const state = await this.store.get<BreakerState>(key(provider)).catch(() => undefined);
    if (state?.openUntil === undefined) return "allow";
    const now = this.now();
    // One trial at a time; a trial that never reported back is replaced after a cooldown.
    const trialRunning = state.trialAt !== undefined && now < state.trialAt + settings.cooldownMs;
    if (now < state.openUntil || trialRunning) {
      this.notify(provider, "rejected");
      return "reject";
    }
    await this.#save(provider, { ...state, trialAt: now }, settings);
    this.notify(provider, "half_open");
    return "trial";
  }

  /** The provider answered (even with an error that is not its availability's fault). */
  async succeeded(provider: string): Promise<void> {
    const state = await this.store.get<BreakerState>(key(provider)).catch(() => undefined);
    if (!state) return;
    await this.store.delete(key(provider)).catch(() => {});
    if (state.openUntil !== undefined) this.notify(provider, "closed");
  }

  /** A retryable failure: count it, and open (or re-open) the breaker when it is time. */
  async failed(provider: string, settings: BreakerSettings): Promise<void> {
    const stored = await this.store.get<BreakerState>(key(provider)).catch(() => null);
    if (stored === null) return; // the store is down: nothing to count in
    const state = stored ?? { failures: 0 };
    const failures = state.failures + 1;
    const reopen = state.openUntil !== undefined;
    if (reopen || failures >= settings.failures) {
      await this.#save(
        provider,
        { failures, openUntil: this.now() + settings.cooldownMs },
        settings,
      );
      this.notify(provider, "opened");
      return;
    }
    await this.#save(provider, { failures }, settings);
  }

  async #save(provider: string, state: BreakerState, settings: BreakerSettings): Promise<void> {
    // Long enough to outlive the cooldown and a trial; a forgotten failure count is harmless.
    await this.store.set(key(provider), state, Math.max(4 * settings.cooldownMs, 600_000))
      .catch(() => {}); // a lost breaker update only delays the breaker
  }
}

function key(provider: string): string {
  return `cb:${provider}`;
}

export type BreakerStatus = "closed" | "open" | "half_open";

/** A provider's breaker as the dashboard shows it (read-only: admits nothing, counts nothing). */
export async function readBreaker(
  store: StateStore,
  provider: string,
  now: number,
): Promise<{ state: BreakerStatus; failures: number }> {
  const state = await store.get<BreakerState>(key(provider));
  if (!state) return { state: "closed", failures: 0 };
  if (state.openUntil === undefined) return { state: "closed", failures: state.failures };
  return { state: now < state.openUntil ? "open" : "half_open", failures: state.failures };
}
