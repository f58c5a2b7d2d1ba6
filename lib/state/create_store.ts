/**
 * `[state]` → the store `ferryllm serve` hands the gateway: in-memory, or Redis at the URL in
 * `url_env` (a secret, so only ever read from the environment and never logged). The Redis
 * client is loaded only when configured: a single instance never pays for it.
 *
 * @module
 */
import type { StateConfig } from "../config/types.ts";
import type { GatewayLogger } from "../observability/gateway_logger.ts";
import { MemoryStore } from "./memory_store.ts";
import type { StateStore } from "./store.ts";

const CONNECT_AT_START_MS = 5_000;

export interface OpenedStore {
  store: StateStore;
  close(): Promise<void>;
}

export async function openStateStore(
  state: StateConfig,
  env: (name: string) => string | undefined,
  log: GatewayLogger,
): Promise<OpenedStore> {
  if (state.backend === "memory") return { store: new MemoryStore(), close: async () => {} };
  const url = env(state.url_env)?.trim();
  if (!url) {
    throw new Error(
      `[state] backend = "redis" needs the Redis URL in the environment variable ${state.url_env}`,
    );
  }
  let lastError = "";
  const { RedisStore } = await import("./redis/redis_store.ts");
  const store = new RedisStore({
    url,
    keyPrefix: state.key_prefix,
    commandTimeoutMs: state.timeout_ms,
    // The client retries every couple of seconds while Redis is away: log a new error once,
    // not every retry (the availability guard logs the outage itself).
    onError: (message) => {
      if (message === lastError) return;
      lastError = message;
      log.debug("redis connection error", { error: message });
    },
  });
  // Requests that arrive before the connection is up would meet `on_unavailable`: wait for it
  // at start (bounded), and start anyway when Redis is not there yet (it is retried).
  if (!(await store.connect(CONNECT_AT_START_MS))) {
    log.error("redis not reachable at start; serving with on_unavailable until it is", {
      on_unavailable: state.on_unavailable,
    });
  }
  return { store, close: () => store.close() };
}
