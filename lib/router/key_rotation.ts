/**
 * Several API keys per provider: round-robin across them, and a key the upstream refused (429,
 * 401, 403) rests for its `retry-after` (or the provider's `key_cooldown_secs`) while the request
 * moves on to the next key at once.
 *
 * The round-robin counter and the cooldowns live in the `StateStore`, so with a shared store
 * every instance skips a key the upstream rate-limited for any of them. Keys are never written
 * anywhere: the store, logs and metrics know a key by its index in `api_key_env` (`#1`, `#2` …)
 * and a short hash.
 *
 * @module
 */
import type { ResolvedProvider } from "../config/load.ts";
import type { GatewayError } from "../ir/error.ts";
import { shortHash } from "../json/stable_hash.ts";
import type { StateStore } from "../state/store.ts";

/** A refused key's rest when the upstream sent no `retry-after` and the provider sets none. */
export const DEFAULT_KEY_COOLDOWN_SECS = 60;
/** A cooldown from `retry-after` never exceeds a day (a quota reset), nor is it under a second. */
const MAX_COOLDOWN_MS = 86_400_000;
const MIN_COOLDOWN_MS = 1_000;
/** The round-robin counter only has to outlive a quiet spell; losing it restarts at key #1. */
const COUNTER_TTL_MS = 3_600_000;

export interface KeyChoice {
  key: string;
  /** Position in `api_key_env`, from 0. Logged as `#index+1`. */
  index: number;
  /** A short hash, for logs across config changes. Never reversible to the key. */
  hash: string;
  /** Picked although resting (every key was): a success should end its rest early. */
  resting?: boolean;
}

/** Upstream refusals that are about the key, not the request or the provider's health. */
export function refusesKey(error: GatewayError): boolean {
  return !error.local && (error.status === 429 || error.status === 401 || error.status === 403);
}

export function keyLabel(choice: KeyChoice): string {
  return `#${choice.index + 1}`;
}

export class KeyRotation {
  #hashes = new WeakMap<ResolvedProvider, string[]>();

  constructor(private readonly store: StateStore, private readonly now: () => number) {}

  /**
   * The key for the next attempt: round-robin from a shared counter, skipping keys cooling
   * down and keys this request already tried. When every untried key is cooling down, the
   * first attempt still gets the key whose cooldown ends soonest (never fail locally what the
   * upstream might accept); later attempts get `undefined` (give up on this provider).
   */
  async pick(
    provider: ResolvedProvider,
    tried: ReadonlySet<number>,
  ): Promise<KeyChoice | undefined> {
    const keys = provider.apiKeys ?? [];
    const hashes = this.#hashesOf(provider);
    const turn = await this.store.increment(`keys:rr:${provider.name}`, 1, COUNTER_TTL_MS);
    const start = (turn - 1) % keys.length;
    let soonest: { index: number; until: number } | undefined;
    for (let step = 0; step < keys.length; step++) {
      const index = (start + step) % keys.length;
      if (tried.has(index)) continue;
      const until = await this.store.get<number>(cooldownKey(provider.name, hashes[index]));
      if (until === undefined || until <= this.now()) {
        return { key: keys[index], index, hash: hashes[index] };
      }
      if (!soonest || until < soonest.until) soonest = { index, until };
    }
    if (tried.size > 0 || !soonest) return undefined;
    const index = soonest.index;
    return { key: keys[index], index, hash: hashes[index], resting: true };
  }

  /** Rests a key the upstream refused; returns how long, in ms. */
  async coolDown(
    provider: ResolvedProvider,
    choice: KeyChoice,
    retryAfter: string | undefined,
  ): Promise<number> {
    const fallbackMs = (provider.key_cooldown_secs ?? DEFAULT_KEY_COOLDOWN_SECS) * 1000;
    const ms = cooldownMs(retryAfter, this.now(), fallbackMs);
    await this.store.set(cooldownKey(provider.name, choice.hash), this.now() + ms, ms);
    return ms;
  }

  /** The upstream accepted a resting key: it is usable again for everyone. */
  async restored(provider: ResolvedProvider, choice: KeyChoice): Promise<void> {
    await this.store.delete(cooldownKey(provider.name, choice.hash));
  }

  #hashesOf(provider: ResolvedProvider): string[] {
    let hashes = this.#hashes.get(provider);
    if (!hashes) {
      hashes = (provider.apiKeys ?? []).map((key) => shortHash(key, 8));
      this.#hashes.set(provider, hashes);
    }
    return hashes;
  }
}

/** `retry-after` (seconds or an HTTP date) → how long the key rests; else the default. */
export function cooldownMs(
  retryAfter: string | undefined,
  now: number,
  fallbackMs: number,
): number {
  const text = retryAfter?.trim() ?? "";
  let ms = Number.NaN;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else if (text !== "") ms = Date.parse(text) - now;
  if (Number.isNaN(ms)) ms = fallbackMs;
  return Math.min(MAX_COOLDOWN_MS, Math.max(MIN_COOLDOWN_MS, Math.round(ms)));
}

function cooldownKey(provider: string, hash: string): string {
  return `keys:cool:${provider}:${hash}`;
}
