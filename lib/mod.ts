/**
 * ferryllm as a library: the gateway's fetch handler, config loading, the IR, and the pure
 * translators (entries: client wire ⇄ IR; adapters: IR ⇄ provider wire).
 *
 * @example Serve the gateway from your own code
 * ```ts
 * import { createHandler, loadConfig } from "@ferryllm/ferryllm";
 *
 * const config = loadConfig(await Deno.readTextFile("ferryllm.toml"), "ferryllm.toml", {
 *   env: (name) => Deno.env.get(name),
 *   readFile: (path) => Deno.readTextFileSync(path),
 * });
 * Deno.serve(createHandler({ config }));
 * ```
 *
 * @example Translate an Anthropic request for an OpenAI upstream, without a server
 * ```ts
 * import { anthropicEntry, openaiAdapter } from "@ferryllm/ferryllm";
 *
 * const { ir } = anthropicEntry.decodeRequest(body, { url, headers, params: {} });
 * const upstream = openaiAdapter.buildRequest({ ...ir, model: "gpt-5.5" }, context);
 * ```
 *
 * @module
 */
export * from "./ir/mod.ts";
export type {
  DecodedRequest,
  EncodedError,
  Entry,
  EntryContext,
  EntryRequestInfo,
  StreamEncoding,
} from "./entries/entry.ts";
export type { Adapter, AdapterContext, UpstreamRequest } from "./adapters/adapter.ts";
export { endpointUrl } from "./adapters/endpoint_url.ts";
export { openaiEntry } from "./entries/openai/mod.ts";
export { anthropicEntry } from "./entries/anthropic/mod.ts";
export { responsesEntry } from "./entries/openai_responses/mod.ts";
export { geminiEntry } from "./entries/gemini/mod.ts";
export { openaiAdapter } from "./adapters/openai/mod.ts";
export { anthropicAdapter } from "./adapters/anthropic/mod.ts";
export { responsesAdapter } from "./adapters/openai_responses/mod.ts";
export { geminiAdapter } from "./adapters/gemini/mod.ts";
export { decodeSse, type SseMessage } from "./streaming/sse_decode.ts";
export { sseFrame } from "./streaming/sse_encode.ts";
export { createHandler, type FetchHandler, type HandlerOptions } from "./server/handler.ts";
export {
  type ConfigEnv,
  ConfigError,
  loadConfig,
  type LoadedConfig,
  parseConfig,
  type ResolvedProvider,
} from "./config/load.ts";
export type { Config, ProviderConfig, RouteConfig } from "./config/schema.ts";
export { defaultConfig } from "./config/default_config.ts";
export { createRouter, type ResolvedRoute, type Router } from "./router/router.ts";
export type { StateStore } from "./state/store.ts";
export { MemoryStore } from "./state/memory_store.ts";
export { VERSION } from "./version.ts";
