/**
 * What this instance knows about each pool target: requests in flight, an EWMA of time to first
 * byte, and outlier state (consecutive failures, ejected until when, a probe in progress).
 *
 * Kept in process memory, not the shared `StateStore`: it is read for every candidate on every
 * request, latency and load are this instance's own view anyway, and a Redis round trip per
 * target would cost more than the choice saves. Key cooldowns, which the upstream imposes on
 * every instance alike, are shared (`key_rotation.ts`).
 *
 * @module
 */

/** How much one new sample moves the average: ~the last 5 samples dominate. */
export const EWMA_ALPHA = 0.3;
/** A latency sample older than this no longer counts: the target is tried again to refresh it. */
export const LATENCY_STALE_MS = 10_000;

export interface TargetState {
  inFlight: number;
  /** EWMA of time to first byte, ms; undefined until the first success. */
  latencyMs?: number;
  sampledAt?: number;
  /** Consecutive failures since the last success. */
  failures: number;
  /** Set while ejected (and kept while probing): when the cooldown ends. */
  ejectedUntil?: number;
  /** Set while one request probes the target after its cooldown. */
  probeStartedAt?: number;
}

export interface EjectionSettings {
  failures: number;
  cooldownMs: number;
}

/** `available` may be picked; `probe` may be picked as the one trial; `ejected` may not. */
export type Admission = "available" | "probe" | "ejected";

/** Bounds memory if target ids ever churn (they come from the config, so they should not). */
const MAX_TARGETS = 10_000;

export class TargetStats {
  #targets = new Map<string, TargetState>();

  constructor(private readonly now: () => number) {}

  get(id: string): TargetState {
    let state = this.#targets.get(id);
    if (!state) {
      if (this.#targets.size >= MAX_TARGETS) this.#targets.clear();
      this.#targets.set(id, state = { inFlight: 0, failures: 0 });
    }
    return state;
  }

  admission(id: string, settings: EjectionSettings): Admission {
    const state = this.get(id);
    if (state.ejectedUntil === undefined) return "available";
    const now = this.now();
    if (now < state.ejectedUntil) return "ejected";
    // One probe at a time; a probe that never reported back is replaced after a cooldown.
    const probing = state.probeStartedAt !== undefined &&
      now < state.probeStartedAt + settings.cooldownMs;
    return probing ? "ejected" : "probe";
  }

  /** The chosen target is about to be tried; returns the call that ends its in-flight count. */
  start(id: string, probe: boolean): () => void {
    const state = this.get(id);
    if (probe) state.probeStartedAt = this.now();
    state.inFlight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      state.inFlight -= 1;
    };
  }

  /** The target answered (first byte) after `ttfbMs`: healthy again, latency averaged in. */
  succeeded(id: string, ttfbMs: number): void {
    const state = this.get(id);
    state.failures = 0;
    state.ejectedUntil = undefined;
    state.probeStartedAt = undefined;
    state.latencyMs = state.latencyMs === undefined
      ? ttfbMs
      : state.latencyMs + EWMA_ALPHA * (ttfbMs - state.latencyMs);
    state.sampledAt = this.now();
  }

  /** A failure before the first byte. Returns true when it ejected the target. */
  failed(id: string, settings: EjectionSettings): boolean {
    const state = this.get(id);
    state.failures += 1;
    const probeFailed = state.ejectedUntil !== undefined;
    if (!probeFailed && state.failures < settings.failures) return false;
    state.ejectedUntil = this.now() + settings.cooldownMs;
    state.probeStartedAt = undefined;
    return true;
  }

  /** The latency the `latency` strategy compares; 0 (try it) when unknown or stale. */
  latencyScore(id: string): number {
    const state = this.get(id);
    if (state.latencyMs === undefined || state.sampledAt === undefined) return 0;
    if (this.now() - state.sampledAt > LATENCY_STALE_MS) return 0;
    // Peak-EWMA style: a target already busy is as slow as its queue.
    return state.latencyMs * (state.inFlight + 1);
  }
}
