/**
 * The store the pipeline uses: a shared (Redis) store behind its availability guard, whose
 * transitions are logged once each and reported as `state_store` events (metrics); the
 * in-memory store as it is, since it cannot go away.
 *
 * @module
 */
import type { OpsEventSink } from "../observability/ops_event.ts";
import type { GatewayDeps } from "../server/deps.ts";
import { GuardedStore, type StoreHealth } from "./guarded_store.ts";
import type { StateStore } from "./store.ts";

export interface SharedState {
  store: StateStore;
  health: () => Promise<StoreHealth>;
}

/** Stores that live in another process say so (`backend`); they get the guard. */
interface RemoteStore extends StateStore {
  backend: string;
}

export function sharedState(
  deps: Pick<GatewayDeps, "runtime" | "store" | "log">,
  events: OpsEventSink,
): SharedState {
  const inner = deps.store;
  const backend = (inner as Partial<RemoteStore>).backend;
  if (backend === undefined || inner instanceof GuardedStore) {
    const health = inner instanceof GuardedStore ? () => inner.health() : () =>
      Promise.resolve({
        backend: "memory",
        available: true,
        onUnavailable: deps.runtime().config.state.on_unavailable,
      });
    return { store: inner, health };
  }
  const guarded = new GuardedStore(inner, {
    backend,
    timeoutMs: () => deps.runtime().config.state.timeout_ms,
    onUnavailable: () => deps.runtime().config.state.on_unavailable,
    onTransition: (available, reason) => {
      events({ type: "state_store", available });
      const policy = deps.runtime().config.state.on_unavailable;
      if (available) deps.log.info("state store available again", { backend });
      else deps.log.error("state store unavailable", { backend, reason, on_unavailable: policy });
    },
  });
  return { store: guarded, health: () => guarded.health() };
}
