/**
 * Provider pools' state for the provider × model table: each pool target (a provider and model
 * a route spreads requests over) with its live state as this instance sees it. Providers outside
 * pools have no entry; a gateway without pools has no source.
 *
 * @module
 */
import type { PoolTargetState } from "./web/types.ts";

export type { PoolTargetState };

export type PoolStateSource = () => Promise<PoolTargetState[]>;
