/**
 * The routing state one gateway keeps across requests and config reloads: pool target stats
 * (this instance's view) and key rotation (shared through the state store).
 *
 * @module
 */
import type { StateStore } from "../state/store.ts";
import { KeyRotation } from "./key_rotation.ts";
import { TargetStats } from "./target_stats.ts";

export interface RoutingState {
  stats: TargetStats;
  keys: KeyRotation;
}

export function createRoutingState(store: StateStore, now: () => number): RoutingState {
  return { stats: new TargetStats(now), keys: new KeyRotation(store, now) };
}
