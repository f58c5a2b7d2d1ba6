/**
 * Provider pools' state for the provider table: how many targets each pool has, how many are
 * ejected. Providers without pools have no entry; the gateway without pools has no source.
 *
 * @module
 */
export interface PoolState {
  provider: string;
  targets: number;
  healthy: number;
  ejected: number;
}

export type PoolStateSource = () => Promise<PoolState[]>;
