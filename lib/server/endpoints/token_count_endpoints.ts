/**
 * The token-count endpoints of Gemini (`POST /v1beta/models/{model}:countTokens`) and Responses
 * (`POST /v1/responses/input_tokens`), served like Anthropic's `count_tokens`: passed through
 * to an upstream of the same protocol (the client's body, with the routed model), otherwise a
 * local estimate of the request as the gateway would send it, in the protocol's documented
 * shape: Gemini `{totalTokens}`, Responses `{object: "response.input_tokens", input_tokens}`.
 * Cheap and side-effect free: never retried, never counted against a provider's health.
 *
 * @module
 */
import type { ResolvedProvider } from "../../config/load.ts";
import type { ProtocolId } from "../../ir/content.ts";
import { GatewayError, toGatewayError } from "../../ir/error.ts";
import { isObject, type JsonObject } from "../../json/fields.ts";
import type { Entry } from "../../protocols/entry.ts";
import { geminiEntry } from "../../protocols/gemini/client/mod.ts";
import { responsesEntry } from "../../protocols/openai_responses/client/mod.ts";
import { ADAPTERS } from "../pipeline/upstreams.ts";
import type { TokenCountRoute } from "../routes.ts";
import type { RequestScope } from "../scope.ts";
import type { GatewayDeps } from "../deps.ts";
import { errorResponse } from "../error_response.ts";
import { readJsonBody } from "../middleware/body_arrival.ts";
import { countAtUpstream } from "./upstream_count.ts";
import { withNextKey } from "../pipeline/keyed_attempt.ts";
import { upstreamUrl } from "../../protocols/upstream_url.ts";

interface Counting {
  entry: Entry;
  /** The count request as the entry's generate request (what the decoder reads). */
  asGenerate(body: JsonObject): unknown;
  /** The client's body for a same-protocol upstream, with the routed model. */
  forUpstream(body: JsonObject, upstreamModel: string): JsonObject;
  /** Where the upstream counts (`upstreamUrl` keeps a model name to one path segment). */
  upstreamUrl(baseUrl: string, upstreamModel: string): string;
  /** The numeric field of the protocol's count answer. */
  countField: string;
  shape(tokens: number): unknown;
}

const COUNTING: Record<TokenCountRoute["protocol"], Counting> = {
  gemini: {
    entry: geminiEntry,
    // `generateContentRequest` (system, tools, config too) or bare `contents`, never both.
    asGenerate: (body) =>
      isObject(body.generateContentRequest)
        ? body.generateContentRequest
        : { contents: body.contents ?? [] },
    forUpstream: (body, model) =>
      isObject(body.generateContentRequest)
        ? {
          ...body,
          generateContentRequest: { ...body.generateContentRequest, model: `models/${model}` },
        }
        : body,
    upstreamUrl: (base, model) =>
      upstreamUrl(base, "v1beta", "models/{model}:countTokens", {
        model: model.replace(/^models\//, ""),
      }),
    countField: "totalTokens",
    shape: (tokens) => ({ totalTokens: tokens }),
  },
  openai_responses: {
    entry: responsesEntry,
    asGenerate: (body) => ({ ...body, input: body.input ?? [], stream: false }),
    forUpstream: (body, model) => ({ ...body, model }),
    upstreamUrl: (base) => upstreamUrl(base, "v1", "responses/input_tokens"),
    countField: "input_tokens",
    shape: (tokens) => ({ object: "response.input_tokens", input_tokens: tokens }),
  },
};

export async function handleTokenCount(
  scope: RequestScope,
  target: TokenCountRoute,
  deps: GatewayDeps,
): Promise<Response> {
  const counting = COUNTING[target.protocol];
  const runtime = deps.runtime();
  try {
    const body = await readJsonBody(scope, runtime.config.server.body_limit_mb * 1048576);
    if (!isObject(body)) {
      throw new GatewayError({
        status: 400,
        kind: "invalid_request",
        message: "request body must be a JSON object",
        local: true,
      });
    }
    let decoded = counting.entry.decodeRequest(counting.asGenerate(body), {
      url: scope.url,
      headers: scope.request.headers,
      params: { model: target.model ?? "", action: "generateContent" },
    });
    const route = runtime.router(decoded.ir.model);
    const provider = route && runtime.providers.get(route.provider);
    if (route && provider?.type === target.protocol && provider.base_url) {
      return await passThrough(counting, body, route.upstreamModel, provider, scope, deps);
    }
    if (counting.entry.resolveHistory) {
      // `previous_response_id` counts the turns the gateway stored, as an upstream would count
      // its own; an estimate never fails for want of them (it counts what was sent).
      decoded = await counting.entry.resolveHistory(decoded, {
        store: deps.store,
        scope: scope.caller.keyHash,
        upstreamProtocol: "openai", // any protocol that does not hold the history itself
      }).catch(() => decoded);
    }
    return Response.json(counting.shape(await deps.countTokens(decoded.ir)));
  } catch (error) {
    return errorResponse(counting.entry, toGatewayError(error));
  }
}

/** The client's body to the upstream's own count, with the routed model and its credentials. */
async function passThrough(
  counting: Counting,
  body: JsonObject,
  upstreamModel: string,
  routed: ResolvedProvider,
  scope: RequestScope,
  deps: GatewayDeps,
): Promise<Response> {
  const provider = await withNextKey(routed, deps);
  const adapter = ADAPTERS[provider.type as ProtocolId];
  // The adapter's own request gives the credential and provider headers for this upstream.
  const { headers } = adapter.encodeRequest({
    model: upstreamModel,
    system: [],
    messages: [],
    tools: [],
    stream: false,
  }, {
    provider,
    origin: {
      protocol: provider.type as ProtocolId,
      provider: provider.name,
      model: upstreamModel,
    },
    clientHeaders: scope.request.headers,
    clientProtocol: counting.entry.protocol,
    newId: deps.newId,
    now: deps.now,
  }).value;
  return await countAtUpstream(
    {
      url: counting.upstreamUrl(provider.base_url ?? "", upstreamModel),
      headers,
      body: JSON.stringify(counting.forUpstream(body, upstreamModel)),
      providerName: provider.name,
      decodeError: adapter.decodeError,
      countField: counting.countField,
    },
    scope.signal,
    deps,
  );
}
