/**
 * Provider pools' state for the provider × model table: each pool target (a provider and model
 * a route spreads requests over) with its live state as this instance sees it. Providers outside
 * pools have no entry; a gateway without pools has no source.
 *
 * @module
 */
export interface PoolTargetState {
  provider: string;
  model: string;
  /** The routes (their `match`) that list this target. */
  routes: string[];
  state: "available" | "ejected";
  inFlight: number;
  /** Smoothed time to first byte, when known. */
  latencyMs?: number;
  /** How many times it was ejected since start. */
  ejections: number;
}

export type PoolStateSource = () => Promise<PoolTargetState[]>;
