/**
 * The request pipeline for the four model endpoints:
 * client wire → IR → route → upstream (with fallbacks) → IR → client wire.
 *
 * @module
 */
import type { DecodedRequest, Entry, EntryContext, HistoryAccess } from "../protocols/entry.ts";
import type { ProtocolId } from "../ir/content.ts";
import type { ResolvedRoute } from "../router/router.ts";
import type { Runtime } from "./runtime.ts";
import { GatewayError, toGatewayError } from "../ir/error.ts";
import type { IrResponse } from "../ir/response.ts";
import type { RequestRecord } from "../observability/request_record.ts";
import { textStream } from "../streaming/chunks.ts";
import { modelRefusal } from "../keys/named_key.ts";
import { callRoute } from "./call_route.ts";
import { callerOf, holdUntilDone, markRequestDone } from "./caller.ts";
import type { GatewayDeps } from "./deps.ts";
import { errorResponse } from "./error_response.ts";
import { type Deadline, deadline, timeoutError } from "./middleware/timeouts.ts";
import type { UpstreamStream } from "./call_target.ts";
import { readJsonBody } from "./read_body.ts";
import { type Relay, relayStream } from "./relay_stream.ts";
import { streamWatcher } from "./stream_watcher.ts";
import { boundedText, errorSummary, failureSummary } from "../observability/bounded_text.ts";
import { MAX_WARNINGS, translationWarnings } from "../policy/translation_warnings.ts";
import type { TranslationWarning } from "../ir/warnings.ts";

export async function handleModelRequest(
  entry: Entry,
  request: Request,
  params: Record<string, string>,
  deps: GatewayDeps,
): Promise<Response> {
  const runtime = deps.runtime();
  const record: RequestRecord = {
    requestId: request.headers.get("x-request-id")?.slice(0, 128) || deps.newId("req_"),
    entry: entry.protocol,
    stream: false,
    status: 0,
    attempts: 0,
    startedAt: deps.now(),
    keyHash: callerOf(request).keyHash,
    keyName: callerOf(request).named?.name,
  };
  let finished = false;
  const finish = (status: number, error?: GatewayError) => {
    if (finished) return;
    finished = true;
    record.status = status;
    if (error) {
      record.errorKind = error.kind;
      record.errorStatus = error.status;
      record.errorLocal = error.local === true;
    }
    record.totalMs = deps.now() - record.startedAt;
    deps.observe(record);
    markRequestDone(request);
  };

  const timeoutSecs = runtime.config.server.request_timeout_secs;
  // Whole exchange for non-streaming requests; until the first event for streams, then per gap.
  const limit = deadline(
    request.signal,
    timeoutSecs * 1000,
    () => timeoutError(timeoutSecs, "the upstream answer"),
  );
  let decoded: DecodedRequest;
  try {
    const body = await readJsonBody(request, runtime.config.server.body_limit_mb * 1048576);
    // The documented debug switch; prompts are never logged otherwise.
    if (runtime.config.logging.log_bodies) {
      deps.log.debug("request body", { requestId: record.requestId, body });
    }
    decoded = entry.decodeRequest(body, {
      url: new URL(request.url),
      headers: request.headers,
      params,
    });
    record.clientModel = boundedText(decoded.ir.model);
    record.stream = decoded.ir.stream;
    const refusedModel = modelRefusal(callerOf(request).named, decoded.ir.model);
    if (refusedModel) throw refusedModel;
    const route = routeFor(decoded.ir.model, runtime, record, deps);
    const history: HistoryAccess = {
      store: deps.store,
      scope: record.keyHash ?? "anonymous",
      upstreamProtocol: protocolOf(runtime, route.provider, entry),
    };
    if (entry.resolveHistory) decoded = await entry.resolveHistory(decoded, history);

    record.upstreamStartedAt = deps.now();
    const { outcome, provider, prepared } = await callRoute(
      {
        route,
        ir: decoded.ir,
        clientProtocol: entry.protocol,
        clientHeaders: request.headers,
        signal: limit.signal,
        record,
      },
      runtime,
      deps,
    );
    record.upstreamStatus = outcome.upstreamStatus;
    record.upstreamMs = deps.now() - record.upstreamStartedAt;
    noteTranslationWarnings(decoded, entry, provider.type, record, deps, [
      ...prepared.warnings,
      ...(outcome.warnings ?? []),
    ]);

    const ctx: EntryContext = {
      newId: deps.newId,
      now: deps.now,
      clientModel: decoded.ir.model,
      request: decoded.ir,
      wire: decoded.wire,
      responseId: deps.newId(entry.idPrefix),
      upstreamProtocol: provider.type,
    };
    const remember = historyRecorder(entry, decoded, ctx.responseId, history, record, deps);

    if (outcome.kind === "response" && !decoded.ir.stream) {
      record.usage = outcome.response.usage;
      record.stopReason = outcome.response.stop.reason;
      await remember?.(outcome.response);
      const body = entry.encodeResponse(outcome.response, ctx);
      finish(200);
      limit.dispose();
      return Response.json(body, { headers: baseHeaders(record, deps) });
    }
    if (outcome.kind === "response") {
      throw new Error("non-streaming upstream answer to a streaming request");
    }
    return answerStream({
      entry,
      ctx,
      request,
      stream: outcome.stream,
      record,
      deps,
      limit,
      finish,
      remember,
      timeoutSecs,
    });
  } catch (error) {
    limit.dispose();
    const failure = toGatewayError(error);
    if (!failure.local && failure.status >= 500) {
      deps.log.warn("request failed", {
        requestId: record.requestId,
        provider: record.provider,
        status: failure.status,
        upstreamStatus: record.upstreamStatus,
        kind: failure.kind,
        summary: failureSummary(failure, runtime.config.logging.log_bodies),
      });
    }
    finish(failure.status, failure);
    return errorResponse(entry, failure, baseHeaders(record, deps));
  }
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
  record: RequestRecord,
  deps: GatewayDeps,
): ((response: IrResponse) => Promise<void>) | undefined {
  const recordHistory = entry.recordHistory;
  if (!recordHistory || history.upstreamProtocol === entry.protocol) return undefined;
  return (response) =>
    recordHistory(decoded, response, responseId, history).catch((error) =>
      deps.log.warn("could not store response history", {
        requestId: record.requestId,
        error: errorSummary(error),
      })
    );
}

/**
 * What the answering upstream could not carry: on the record (metrics, and the response header
 * once it exists: `warningsHeader(record.warnings)`) and in the debug log.
 */
function noteTranslationWarnings(
  decoded: DecodedRequest,
  entry: Entry,
  upstream: ProtocolId | "echo",
  record: RequestRecord,
  deps: GatewayDeps,
  dropped: TranslationWarning[],
): void {
  const target = upstream === "echo" ? entry.protocol : upstream;
  const warnings = [...translationWarnings(decoded.ir, entry.protocol, target), ...dropped]
    .slice(0, MAX_WARNINGS);
  if (warnings.length === 0) return;
  record.warnings = warnings;
  deps.log.debug("translation warnings", {
    requestId: record.requestId,
    upstreamProtocol: target,
    warnings: warnings.map((w) => w.message),
  });
}

/** The route for a model, or the 404 that names it. */
function routeFor(
  model: string,
  runtime: Runtime,
  record: RequestRecord,
  deps: GatewayDeps,
): ResolvedRoute {
  const route = runtime.router(model);
  if (!route) {
    throw new GatewayError({
      status: 404,
      kind: "not_found",
      message: `model "${model}" has no route: add a [[routes]] entry that matches it`,
      local: true,
    });
  }
  deps.log.debug("routed", {
    requestId: record.requestId,
    model: boundedText(route.clientModel),
    provider: route.provider,
    upstreamModel: boundedText(route.upstreamModel),
    match: route.matched,
    matchType: route.matchType,
  });
  return route;
}

/** The protocol the upstream speaks; the local echo answers in the client's own. */
function protocolOf(runtime: Runtime, provider: string, entry: Entry): ProtocolId {
  const type = runtime.providers.get(provider)!.type;
  return type === "echo" ? entry.protocol : type;
}

function baseHeaders(record: RequestRecord, deps: GatewayDeps): Record<string, string> {
  const headers: Record<string, string> = { "x-request-id": record.requestId };
  if (record.upstreamMs !== undefined) {
    // What the gateway added on top of the upstream: parsing, translation, routing.
    const overhead = Math.max(0, deps.now() - record.startedAt - record.upstreamMs);
    headers["x-ferryllm-overhead-ms"] = overhead.toFixed(1);
  }
  return headers;
}

interface StreamAnswer {
  entry: Entry;
  ctx: EntryContext;
  request: Request;
  stream: UpstreamStream;
  record: RequestRecord;
  deps: GatewayDeps;
  limit: Deadline;
  finish: (status: number, error?: GatewayError) => void;
  remember: ((response: IrResponse) => Promise<void>) | undefined;
  timeoutSecs: number;
}

/**
 * From the first upstream event on: the whole-request deadline gives way to the idle limit, the
 * watcher keeps the record, and the request holds its concurrency slot until the stream ends.
 */
function answerStream(a: StreamAnswer): Response {
  a.limit.clear();
  const watcher = streamWatcher(a.record, a.deps, (status, error) => {
    a.limit.dispose();
    a.finish(status, error);
  }, a.remember);
  const relay = relayStream(a.stream, watcher, {
    ms: a.timeoutSecs * 1000,
    onIdle: () => {
      a.limit.expire();
      return {
        type: "error",
        error: timeoutError(a.timeoutSecs, "a pause between stream events"),
      };
    },
  });
  holdUntilDone(a.request);
  return streamResponse(a.entry, a.ctx, relay, a.record, a.deps);
}

function streamResponse(
  entry: Entry,
  ctx: EntryContext,
  relay: Relay,
  record: RequestRecord,
  deps: GatewayDeps,
): Response {
  const encoding = entry.encodeStream(relay.events, ctx);
  record.firstByteMs = deps.now() - record.startedAt;
  return new Response(textStream(encoding.chunks, relay.abandon, relay.blocked), {
    status: 200,
    headers: {
      ...baseHeaders(record, deps),
      "content-type": encoding.contentType,
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    },
  });
}
