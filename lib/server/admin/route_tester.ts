/**
 * `POST /admin/route`: the route tester over HTTP. The body is a model request in any of the four
 * protocols (`?protocol=` to say which, else guessed; `?model=` for Gemini bodies); the tester's
 * own headers stand in for the client's (so `header` conditions can be tried). Answers what
 * `explainRoute` says, with each target's live state, as JSON.
 *
 * @module
 */
import type { ProtocolId } from "../../ir/content.ts";
import { GatewayError, invalidRequest, toGatewayError } from "../../ir/error.ts";
import { explainRoute } from "../../router/route_tester.ts";
import type { GatewayDeps } from "../deps.ts";
import { readJsonBody } from "../middleware/body_arrival.ts";
import type { RequestScope } from "../scope.ts";

const PROTOCOLS = new Set<string>(["openai", "openai_responses", "anthropic", "gemini"]);

export async function handleRouteTest(scope: RequestScope, deps: GatewayDeps): Promise<Response> {
  const runtime = deps.runtime();
  const { request, url } = scope;
  try {
    const protocol = url.searchParams.get("protocol") ?? undefined;
    if (protocol !== undefined && !PROTOCOLS.has(protocol)) {
      throw invalidRequest(`unknown protocol "${protocol}": use ${[...PROTOCOLS].join(", ")}`);
    }
    // Outside the gateway middleware, so the body deadline is applied here.
    const body = await readJsonBody(
      scope,
      runtime.config.server.body_limit_mb * 1048576,
      runtime.config.server.request_timeout_secs * 1000,
    );
    const answer = explainRoute(runtime, {
      body,
      protocol: protocol as ProtocolId | undefined,
      model: url.searchParams.get("model") ?? undefined,
      headers: request.headers,
    }, deps.routing.stats);
    return Response.json(answer);
  } catch (error) {
    const failure = error instanceof GatewayError ? error : toGatewayError(error);
    return Response.json(
      { error: { message: failure.message, type: failure.kind } },
      { status: failure.status },
    );
  }
}
