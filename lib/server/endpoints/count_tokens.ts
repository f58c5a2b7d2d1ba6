/**
 * `POST /v1/messages/count_tokens` (Anthropic): passed through to an Anthropic upstream,
 * otherwise a local estimate. Claude Code and its IDE extensions call it in bursts, so it is
 * cheap, never retried and never counted against a provider's health.
 *
 * @module
 */
import { anthropicAdapter } from "../../protocols/anthropic/upstream/mod.ts";
import { anthropicEntry } from "../../protocols/anthropic/client/mod.ts";
import { upstreamUrl } from "../../protocols/upstream_url.ts";
import { GatewayError, toGatewayError } from "../../ir/error.ts";
import type { GatewayDeps } from "../deps.ts";
import { errorResponse } from "../error_response.ts";
import { readJsonBody } from "../middleware/body_arrival.ts";
import { countAtUpstream } from "./upstream_count.ts";
import { withNextKey } from "../pipeline/keyed_attempt.ts";
import type { RequestScope } from "../scope.ts";

export async function handleCountTokens(scope: RequestScope, deps: GatewayDeps): Promise<Response> {
  const { request } = scope;
  const runtime = deps.runtime();
  try {
    const body = await readJsonBody(scope, runtime.config.server.body_limit_mb * 1048576);
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new GatewayError({
        status: 400,
        kind: "invalid_request",
        message: "request body must be a JSON object",
        local: true,
      });
    }
    // count_tokens bodies carry no max_tokens; the messages decoder wants one.
    const asMessages = { max_tokens: 1, ...body, stream: false };
    const decoded = anthropicEntry.decodeRequest(asMessages, {
      url: scope.url,
      headers: request.headers,
      params: {},
    });
    const route = runtime.router(decoded.ir.model);
    const routed = route && runtime.providers.get(route.provider);
    if (route && routed?.type === "anthropic" && routed.base_url) {
      const provider = await withNextKey(routed, deps);
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "anthropic-version": request.headers.get("anthropic-version") ?? "2023-06-01",
        ...provider.headers,
      };
      if (provider.apiKey) headers["x-api-key"] = provider.apiKey;
      const beta = request.headers.get("anthropic-beta");
      if (beta) headers["anthropic-beta"] = beta;
      const url = upstreamUrl(routed.base_url, "v1", "messages/count_tokens");
      const upstreamBody = JSON.stringify({
        ...(body as Record<string, unknown>),
        model: route.upstreamModel,
      });
      return await countAtUpstream(
        {
          url,
          headers,
          body: upstreamBody,
          providerName: provider.name,
          decodeError: anthropicAdapter.decodeError,
          countField: "input_tokens",
        },
        scope.signal,
        deps,
      );
    }
    return Response.json({ input_tokens: await deps.countTokens(decoded.ir) });
  } catch (error) {
    return errorResponse(anthropicEntry, toGatewayError(error));
  }
}
