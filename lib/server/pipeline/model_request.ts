/**
 * The request pipeline for the four model endpoints, in four steps a reader can follow:
 *
 *   decode  client wire → IR (the body the body-arrival middleware read)
 *   route   model → route (provider, rewritten model, fallbacks); stored history resolved
 *   exchange the route's targets in turn (`callRoute`), until one answers
 *   respond IR → client wire: one JSON body, or a stream relayed event by event
 *
 * Each step reads the request's scope and emits lifecycle events; the record belongs to the
 * observer (`observability/request_lifecycle.ts`), which hands it on when the request is over.
 *
 * @module
 */
import type { DecodedRequest, Entry, EntryContext, HistoryAccess } from "../../protocols/entry.ts";
import type { ProtocolId } from "../../ir/content.ts";
import type { RequestFacts } from "../../router/request_facts.ts";
import { routeProviders } from "../../router/route_targets.ts";
import { noRouteFor, type ResolvedRoute } from "../../router/router.ts";
import type { Runtime } from "../runtime.ts";
import { toGatewayError } from "../../ir/error.ts";
import type { IrResponse } from "../../ir/response.ts";
import { modelRefusal } from "../../keys/named_key.ts";
import { requestLifecycle } from "../../observability/request_lifecycle.ts";
import { startRequestTrace } from "../../tracing/trace_context.ts";
import { callRoute, type RouteOutcome } from "./call_route.ts";
import type { GatewayDeps } from "../deps.ts";
import { errorResponse } from "../error_response.ts";
import { deadline, timeoutError } from "../resilience/timeouts.ts";
import { readJsonBody } from "../middleware/body_arrival.ts";
import { relayEvents } from "./relay_events.ts";
import { endOfRequest, streamWatcher } from "./stream_watcher.ts";
import { boundedText, errorSummary, failureSummary } from "../../observability/bounded_text.ts";
import {
  type TranslationWarning,
  translationWarnings,
  warningsHeader,
} from "../../policy/translation_warnings.ts";
import type { RequestScope } from "../scope.ts";
import { logs } from "../../observability/gateway_logger.ts";
import { upstreamProtocol } from "./upstreams.ts";
import type { UpstreamStream } from "./call_target.ts";
import { answerWithFrames, framesApply } from "./frames_answer.ts";

/** The model endpoint a path named: its entry and path parameters (Gemini's model, action). */
export interface ModelEndpoint {
  entry: Entry;
  params: Record<string, string>;
}

export async function handleModelRequest(
  scope: RequestScope,
  { entry, params }: ModelEndpoint,
  deps: GatewayDeps,
): Promise<Response> {
  const runtime = deps.runtime();
  const lifecycle = scope.lifecycle = requestLifecycle(
    {
      requestId: scope.id,
      entry: entry.protocol,
      keyHash: scope.caller.keyHash,
      trace: startRequestTrace(scope.request.headers, deps.traceRequests?.() ?? false),
      keyName: scope.caller.named?.name,
    },
    deps.now,
    deps.observe,
  );
  const timeoutSecs = runtime.config.server.request_timeout_secs;
  // Whole exchange for non-streaming requests; until the first event for streams, then per gap.
  const limit = scope.deadline = deadline(
    scope.signal,
    timeoutSecs * 1000,
    () => timeoutError(timeoutSecs, "the upstream answer"),
  );
  try {
    let decoded = await decode(scope, entry, params, runtime, deps);
    const refusedModel = modelRefusal(scope.caller.named, decoded.ir.model);
    if (refusedModel) throw refusedModel;
    const route = routeFor(
      { ir: decoded.ir, clientProtocol: entry.protocol, headers: scope.request.headers },
      runtime,
      scope,
      deps,
    );
    const history: HistoryAccess = {
      store: deps.store,
      scope: scope.caller.keyHash,
      upstreamProtocol: historyProtocol(runtime, route, entry),
    };
    if (entry.resolveHistory) decoded = await entry.resolveHistory(decoded, history);
    const exchanged = await exchange(scope, entry, decoded, route, runtime, deps);
    return await respond(scope, entry, decoded, exchanged, history, runtime, deps);
  } catch (error) {
    limit.dispose();
    const failure = toGatewayError(error);
    if (!failure.local && failure.status >= 500) {
      deps.log.warn("request failed", {
        requestId: scope.id,
        provider: lifecycle.record.provider,
        status: failure.status,
        upstreamStatus: lifecycle.record.upstreamStatus,
        kind: failure.kind,
        summary: failureSummary(failure, runtime.config.logging.log_bodies),
      });
    }
    lifecycle.emit({ type: "failed", status: failure.status, error: failure });
    scope.end();
    return errorResponse(entry, failure, baseHeaders(scope, deps));
  }
}

/** Step 1: the body (read by the body-arrival middleware) → IR. */
async function decode(
  scope: RequestScope,
  entry: Entry,
  params: Record<string, string>,
  runtime: Runtime,
  deps: GatewayDeps,
): Promise<DecodedRequest> {
  const body = await readJsonBody(scope, runtime.config.server.body_limit_mb * 1048576);
  // The documented debug switch; prompts are never logged otherwise.
  if (runtime.config.logging.log_bodies) {
    deps.log.debug("request body", { requestId: scope.id, body });
  }
  const decoded = entry.decodeRequest(body, {
    url: scope.url,
    headers: scope.request.headers,
    params,
  });
  scope.lifecycle?.emit({
    type: "decoded",
    clientModel: decoded.ir.model,
    stream: decoded.ir.stream,
  });
  return decoded;
}

/** Step 2: the route for a request (its model, and its features for conditional routes). */
function routeFor(
  facts: RequestFacts,
  runtime: Runtime,
  scope: RequestScope,
  deps: GatewayDeps,
): ResolvedRoute {
  const model = facts.ir.model;
  const route = runtime.router(model, facts);
  if (!route) {
    throw noRouteFor(model);
  }
  if (logs(deps.log, "debug")) logRoute(route, scope, deps);
  scope.lifecycle?.emit({ type: "route_chosen", rule: route.rule });
  return route;
}

function logRoute(route: ResolvedRoute, scope: RequestScope, deps: GatewayDeps): void {
  deps.log.debug("routed", {
    requestId: scope.id,
    model: boundedText(route.clientModel),
    provider: route.provider,
    upstreamModel: boundedText(route.upstreamModel),
    match: route.matched,
    matchType: route.matchType,
    rule: route.rule,
  });
}

/**
 * The upstream protocol history is resolved for. A pool or fallback may answer in another
 * protocol than the first target: when any upstream of the route differs from the client's
 * protocol, that one is named, so stored turns are inlined and every upstream can answer.
 */
function historyProtocol(runtime: Runtime, route: ResolvedRoute, entry: Entry): ProtocolId {
  const types = routeProviders(route.route).map((name) =>
    upstreamProtocol(runtime.providers.get(name)!.type, entry.protocol)
  );
  return types.find((type) => type !== entry.protocol) ?? entry.protocol;
}

/** Step 3: the route's targets in turn until one answers; what it lost in translation noted. */
async function exchange(
  scope: RequestScope,
  entry: Entry,
  decoded: DecodedRequest,
  route: ResolvedRoute,
  runtime: Runtime,
  deps: GatewayDeps,
): Promise<RouteOutcome> {
  scope.lifecycle?.emit({ type: "upstream_started" });
  const exchanged = await callRoute(
    {
      route,
      ir: decoded.ir,
      clientProtocol: entry.protocol,
      clientHeaders: scope.request.headers,
      signal: scope.deadline!.signal,
      scope,
    },
    runtime,
    deps,
  );
  scope.lifecycle?.emit({ type: "upstream_answered", status: exchanged.outcome.upstreamStatus });
  const target = upstreamProtocol(exchanged.provider.type, entry.protocol);
  const warnings = [
    ...translationWarnings(decoded.ir, entry.protocol, target),
    ...exchanged.prepared.warnings,
    ...exchanged.outcome.warnings,
  ];
  if (warnings.length > 0) {
    noteWarnings(scope, warnings);
    deps.log.debug("translation warnings", {
      requestId: scope.id,
      upstreamProtocol: target,
      warnings: warnings.map((w) => w.message),
    });
  }
  return exchanged;
}

/**
 * What the request lost on its way to the upstream: on the record (the metric
 * `ferryllm_translation_warnings_total`) and, from there, in the `x-ferryllm-warnings` header.
 */
export function noteWarnings(scope: RequestScope, warnings: readonly TranslationWarning[]): void {
  scope.lifecycle?.emit({ type: "warnings", warnings });
}

/** Step 4: the answer in the client's protocol, whole or streamed. */
async function respond(
  scope: RequestScope,
  entry: Entry,
  decoded: DecodedRequest,
  { outcome, provider }: RouteOutcome,
  history: HistoryAccess,
  runtime: Runtime,
  deps: GatewayDeps,
): Promise<Response> {
  const ctx: EntryContext = {
    newId: deps.newId,
    now: deps.now,
    clientModel: decoded.ir.model,
    request: decoded.ir,
    wire: decoded.wire,
    responseId: deps.newId(entry.idPrefix),
    // A stateful entry that keeps the history itself (a mixed pool) mints its own ids, so the
    // id the client sees is the one the history is stored under.
    upstreamProtocol: entry.recordHistory && history.upstreamProtocol !== entry.protocol
      ? history.upstreamProtocol
      : provider.type,
  };
  const remember = historyRecorder(entry, decoded, ctx.responseId, history, scope, deps);
  if (outcome.kind === "response" && !decoded.ir.stream) {
    await remember?.(outcome.response);
    const body = entry.encodeResponse(outcome.response, ctx);
    scope.lifecycle?.emit({
      type: "finished",
      status: 200,
      usage: outcome.response.usage,
      stopReason: outcome.response.stop.reason,
    });
    scope.end();
    scope.deadline?.dispose();
    return Response.json(body, { headers: baseHeaders(scope, deps) });
  }
  if (outcome.kind === "response") {
    throw new Error("non-streaming upstream answer to a streaming request");
  }
  const timeoutSecs = runtime.config.server.request_timeout_secs;
  return answerStream(scope, entry, ctx, outcome.stream, remember, timeoutSecs, deps);
}

/**
 * Stores a finished exchange for stateful entries (Responses `previous_response_id`), unless the
 * upstream keeps its own history. A failure to store is logged, never the client's problem.
 */
function historyRecorder(
  entry: Entry,
  decoded: DecodedRequest,
  responseId: string,
  history: HistoryAccess,
  scope: RequestScope,
  deps: GatewayDeps,
): ((response: IrResponse) => Promise<void>) | undefined {
  const recordHistory = entry.recordHistory;
  if (!recordHistory || history.upstreamProtocol === entry.protocol) return undefined;
  return (response) =>
    recordHistory(decoded, response, responseId, history).catch((error) =>
      deps.log.warn("could not store response history", {
        requestId: scope.id,
        error: errorSummary(error),
      })
    );
}

/** The headers of every answer: request id, the gateway's overhead, translation warnings. */
function baseHeaders(scope: RequestScope, deps: GatewayDeps): Record<string, string> {
  const headers: Record<string, string> = { "x-request-id": scope.id };
  const record = scope.lifecycle?.record;
  if (record?.upstreamMs !== undefined) {
    // What the gateway added on top of the upstream: parsing, translation, routing.
    const overhead = Math.max(0, deps.now() - record.startedAt - record.upstreamMs);
    headers["x-ferryllm-overhead-ms"] = overhead.toFixed(1);
  }
  if (record?.warnings?.length) headers["x-ferryllm-warnings"] = warningsHeader(record.warnings);
  return headers;
}

/**
 * From the first upstream event on: the whole-request deadline gives way to the idle limit, the
 * watcher keeps the record, and the request holds its concurrency slot until the stream ends.
 */
function answerStream(
  scope: RequestScope,
  entry: Entry,
  ctx: EntryContext,
  stream: UpstreamStream,
  remember: ((response: IrResponse) => Promise<void>) | undefined,
  timeoutSecs: number,
  deps: GatewayDeps,
): Response {
  if (framesApply(scope, entry, ctx, stream, remember !== undefined)) {
    return answerWithFrames(scope, entry, ctx, stream, timeoutSecs, baseHeaders(scope, deps));
  }
  const limit = scope.deadline!;
  const lifecycle = scope.lifecycle!;
  limit.clear();
  const watcher = streamWatcher(lifecycle, endOfRequest(scope), remember);
  const encoder = entry.streamEncoder(ctx);
  const body = relayEvents(stream, encoder, watcher, {
    ms: timeoutSecs * 1000,
    onIdle: () => {
      limit.expire();
      return {
        type: "error",
        error: timeoutError(timeoutSecs, "a pause between stream events"),
      };
    },
  });
  scope.holdUntilEnd();
  lifecycle.emit({ type: "first_byte" });
  return new Response(body, {
    status: 200,
    headers: {
      ...baseHeaders(scope, deps),
      "content-type": encoder.contentType,
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    },
  });
}
