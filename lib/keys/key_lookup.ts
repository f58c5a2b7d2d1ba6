/**
 * Which named key a presented key is: `[[keys]]` from the config first (resolved once per
 * config generation), then the keys created through the admin API (one lookup by digest in
 * the state store, so a deletion on any replica counts from the next request on).
 *
 * @module
 */
import type { LoadedConfig } from "../config/load.ts";
import type { GatewayDeps } from "../server/deps.ts";
import { AdminKeys } from "./admin_keys.ts";
import { type ConfigKeys, resolveConfigKeys } from "./config_keys.ts";
import type { NamedKey } from "./named_key.ts";

export type NamedKeyLookup = (digestHex: string) => Promise<NamedKey | undefined>;

export function namedKeyLookup(
  deps: Pick<GatewayDeps, "runtime" | "store" | "log" | "now">,
  env: (name: string) => string | undefined,
): NamedKeyLookup {
  // The keys of the current config generation; a reload resolves them again.
  let cached: { loaded: LoadedConfig; keys: Promise<ConfigKeys> } | undefined;
  const configKeys = (loaded: LoadedConfig) => {
    let keys = cached?.loaded === loaded ? cached.keys : undefined;
    if (!keys) {
      keys = resolveConfigKeys(loaded.config.keys, env);
      cached = { loaded, keys };
      keys.then(({ missing }) => {
        for (const { name, env } of missing) {
          deps.log.error("gateway key has no value: it cannot be used", { key: name, env });
        }
      });
    }
    return keys;
  };
  const admin = new AdminKeys(deps.store, deps.now);
  return async (digest) => {
    const fromConfig = (await configKeys(deps.runtime().loaded)).byDigest.get(digest);
    return fromConfig ?? await admin.findByDigest(digest);
  };
}
