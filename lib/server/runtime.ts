/**
 * One generation of configuration, built once at load (and at each hot reload) so per-request
 * work never re-parses or re-sorts anything. In-flight requests keep the generation they
 * started with; new requests get the newest.
 *
 * @module
 */
import type { LoadedConfig, ResolvedProvider } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { createRouter, type Router } from "../router/router.ts";

export interface Runtime {
  loaded: LoadedConfig;
  config: Config;
  router: Router;
  providers: Map<string, ResolvedProvider>;
}

export function buildRuntime(loaded: LoadedConfig): Runtime {
  return {
    loaded,
    config: loaded.config,
    router: createRouter(loaded.config.routes),
    providers: loaded.providers,
  };
}
