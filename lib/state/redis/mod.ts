/**
 * The Redis state store, for embedders running several gateway instances: pass it as
 * `createHandler({ store })`. A separate entry point so the core library never loads a Redis
 * client (and runs where `node:net` does not exist).
 *
 * @example
 * ```ts
 * import { createHandler } from "@ferryllm/ferryllm";
 * import { RedisStore } from "@ferryllm/ferryllm/redis";
 * const store = new RedisStore({ url: Deno.env.get("FERRYLLM_REDIS_URL")!, keyPrefix: "ferryllm:", commandTimeoutMs: 500 });
 * await store.connect(5000);
 * Deno.serve(createHandler({ config, store }));
 * ```
 *
 * @module
 */
export { RedisStore, type RedisStoreOptions } from "./redis_store.ts";
