/**
 * A routed request against its upstreams in order: the pool's targets as its strategy orders
 * them, then the route's fallback providers. A failure before the first byte that another
 * upstream might not have moves on to the next; after the first byte nothing moves (the client
 * already has part of an answer).
 *
 * The retry, backoff and circuit-breaker policy lives in `resilience/with_resilience.ts`, key
 * rotation in `keyed_attempt.ts`, the order in `lib/router/pool_selection.ts`; this file walks
 * the plan, prepares each target's IR, and reports outcomes to the pool's stats.
 *
 * @module
 */
import type { ResolvedProvider } from "../../config/load.ts";
import { GatewayError } from "../../ir/error.ts";
import type { ProtocolId } from "../../ir/content.ts";
import type { IrRequest } from "../../ir/request.ts";
import { refusesKey } from "../../router/key_rotation.ts";
import {
  ejectionSettings,
  planAttempts,
  type PlannedAttempt,
} from "../../router/pool_selection.ts";
import type { ResolvedRoute } from "../../router/router.ts";
import type { RequestScope } from "../scope.ts";
import type { UpstreamOutcome } from "./call_target.ts";
import type { GatewayDeps } from "../deps.ts";
import { callWithKeys } from "./keyed_attempt.ts";
import { type PreparedTarget, prepareTarget } from "./prepare_target.ts";
import { withResilience } from "../resilience/with_resilience.ts";
import type { Runtime } from "../runtime.ts";
import { upstreamTraceHeaders } from "../../tracing/trace_context.ts";

export interface RouteCall {
  route: ResolvedRoute;
  ir: IrRequest;
  clientProtocol: ProtocolId;
  clientHeaders: Headers;
  signal: AbortSignal;
  scope: RequestScope;
}

export interface RouteOutcome {
  outcome: UpstreamOutcome;
  provider: ResolvedProvider;
  prepared: PreparedTarget;
}

export async function callRoute(
  call: RouteCall,
  runtime: Runtime,
  deps: GatewayDeps,
): Promise<RouteOutcome> {
  const plan = planAttempts(call.route, deps.routing.stats, deps.random);
  let lastError: GatewayError | undefined;
  for (const [i, attempt] of plan.entries()) {
    const provider = runtime.providers.get(attempt.provider)!;
    const prepared = await prepareAttempt(call, provider, attempt.model, runtime, deps);
    try {
      const outcome = await tryTarget(call, attempt, provider, prepared, runtime, deps);
      return { outcome, provider, prepared };
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      lastError = error;
      const more = i < plan.length - 1;
      if (!more || !movesOn(error) || call.signal.aborted) throw error;
      deps.log.warn(
        plan[i + 1].role === "fallback" ? "falling back to next provider" : "trying next target",
        {
          requestId: call.scope.id,
          failed: attempt.provider,
          next: plan[i + 1].provider,
          status: error.status,
        },
      );
    }
  }
  throw lastError!;
}

/**
 * One planned upstream, with the pool's bookkeeping: in-flight count until the answer (or the
 * stream) ends, time to first byte on success, a failure toward ejection otherwise.
 */
async function tryTarget(
  call: RouteCall,
  attempt: PlannedAttempt,
  provider: ResolvedProvider,
  prepared: PreparedTarget,
  runtime: Runtime,
  deps: GatewayDeps,
): Promise<UpstreamOutcome> {
  const stats = deps.routing.stats;
  const id = attempt.targetId;
  const release = id === undefined ? () => {} : stats.start(id, attempt.probe);
  const started = deps.now();
  try {
    const outcome = await withResilience(
      provider,
      runtime,
      deps,
      call.scope,
      (spanId) =>
        callWithKeys(
          {
            provider,
            prepared,
            clientProtocol: call.clientProtocol,
            clientHeaders: call.clientHeaders,
            signal: call.signal,
            logShape: runtime.config.prompt_cache.debug_log_request_shape,
            requestId: call.scope.id,
            traceHeaders: upstreamTraceHeaders(call.scope.lifecycle?.record.trace, spanId),
          },
          call.scope,
          deps,
        ),
      call.signal,
    );
    if (id !== undefined) stats.succeeded(id, deps.now() - started);
    if (outcome.kind === "response") release();
    else {
      const close = outcome.stream.close;
      outcome.stream.close = () => {
        release();
        close();
      };
    }
    return outcome;
  } catch (error) {
    release();
    // The client leaving says nothing about the target; the request's deadline passing does.
    const counts = error instanceof GatewayError && movesOn(error) &&
      (!call.signal.aborted || error.kind === "timeout");
    if (id !== undefined && counts && stats.failed(id, ejectionSettings(call.route))) {
      deps.events({ type: "target_ejected", provider: attempt.provider, target: id });
      deps.log.warn("pool target ejected", {
        requestId: call.scope.id,
        target: id,
        cooldownSecs: call.route.route.eject_cooldown_secs,
      });
    }
    throw error;
  }
}

async function prepareAttempt(
  call: RouteCall,
  provider: ResolvedProvider,
  model: string,
  runtime: Runtime,
  deps: GatewayDeps,
): Promise<PreparedTarget> {
  const prepared = prepareTarget(call.ir, call.clientProtocol, provider, model, runtime.config);
  const { scope } = call;
  scope.lifecycle?.emit({
    type: "routed",
    provider: provider.name,
    providerType: provider.type,
    upstreamModel: model,
  });
  if (prepared.reasoning.requested !== undefined || prepared.reasoning.applied !== undefined) {
    deps.log.info("reasoning control", {
      requestId: scope.id,
      provider: provider.name,
      requested: prepared.reasoning.requested ?? "none sent",
      applied: prepared.reasoning.applied ?? "none",
    });
  }
  if (
    prepared.relocatedText !== undefined && runtime.config.prompt_cache.log_relocated_system_text
  ) {
    deps.log.info("relocated system text", { requestId: scope.id, text: prepared.relocatedText });
  }
  if (runtime.config.prompt_cache.debug_log_request_shape) {
    // Tokenizing a long prompt costs real CPU, so the estimate rides on the debug switch.
    const promptTokens = await deps.countTokens(prepared.ir);
    scope.lifecycle?.emit({ type: "estimated", promptTokens });
  }
  return prepared;
}

/** Failures another provider might not have: availability, limits, timeouts. Never bad input. */
export function isFailoverable(error: GatewayError): boolean {
  if (error.local) return false;
  return [408, 429, 500, 502, 503, 504, 529].includes(error.status) ||
    error.kind === "upstream_unavailable" || error.kind === "timeout";
}

/**
 * What moves a request to the next target or fallback: failoverable trouble, and a key the
 * upstream refused (401/403 after every key of that provider was tried): another provider's
 * credentials may well work, and the client's request was not at fault.
 */
function movesOn(error: GatewayError): boolean {
  return isFailoverable(error) || refusesKey(error);
}
