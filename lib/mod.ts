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
 * const { value: upstream, warnings } = openaiAdapter.encodeRequest(
 *   { ...ir, model: "gpt-5.5" },
 *   context,
 * ); // warnings: what the OpenAI request could not carry
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
} from "./protocols/entry.ts";
export type { Adapter, AdapterContext, UpstreamRequest } from "./protocols/adapter.ts";
export type { StreamDecoder, StreamEncoder } from "./protocols/stream_codec.ts";
export { endpointUrl } from "./protocols/endpoint_url.ts";
export { openaiEntry } from "./protocols/openai/client/mod.ts";
export { anthropicEntry } from "./protocols/anthropic/client/mod.ts";
export { responsesEntry } from "./protocols/openai_responses/client/mod.ts";
export { geminiEntry } from "./protocols/gemini/client/mod.ts";
export { openaiAdapter } from "./protocols/openai/upstream/mod.ts";
export { anthropicAdapter } from "./protocols/anthropic/upstream/mod.ts";
export { responsesAdapter } from "./protocols/openai_responses/upstream/mod.ts";
export { geminiAdapter } from "./protocols/gemini/upstream/mod.ts";
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
export {
  explainRoute,
  type RouteAnswer,
  type RouteQuestion,
  type RouterView,
} from "./router/route_tester.ts";
export type { StateStore, WindowCount } from "./state/store.ts";
export { MemoryStore } from "./state/memory_store.ts";
export { VERSION } from "./version.ts";
