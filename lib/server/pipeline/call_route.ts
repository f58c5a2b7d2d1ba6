/**
 * A routed request against its provider and, when that fails, its fallbacks in order.
 *
 * The retry, backoff and circuit-breaker policy lives in `resilience/with_resilience.ts`; this
 * file only walks the target list and prepares each target's IR.
 *
 * @module
 */
import type { ResolvedProvider } from "../../config/load.ts";
import { GatewayError } from "../../ir/error.ts";
import type { ProtocolId } from "../../ir/content.ts";
import type { IrRequest } from "../../ir/request.ts";
import type { RequestScope } from "../scope.ts";
import type { ResolvedRoute } from "../../router/router.ts";
import { callTarget, type UpstreamOutcome } from "./call_target.ts";
import type { GatewayDeps } from "../deps.ts";
import { type PreparedTarget, prepareTarget } from "./prepare_target.ts";
import { withResilience } from "../resilience/with_resilience.ts";
import type { Runtime } from "../runtime.ts";

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
  const names = [call.route.provider, ...call.route.fallbackProviders];
  let lastError: GatewayError | undefined;
  for (const [i, name] of names.entries()) {
    const provider = runtime.providers.get(name)!;
    // A fallback keeps the route's rewritten model (the seed's rule).
    const prepared = prepareTarget(
      call.ir,
      call.clientProtocol,
      provider,
      call.route.upstreamModel,
      runtime.config,
    );
    const { scope } = call;
    scope.lifecycle?.emit({
      type: "routed",
      provider: provider.name,
      providerType: provider.type,
      upstreamModel: call.route.upstreamModel,
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
      deps.log.info("relocated system text", {
        requestId: scope.id,
        text: prepared.relocatedText,
      });
    }
    if (runtime.config.prompt_cache.debug_log_request_shape) {
      // Tokenizing a long prompt costs real CPU, so the estimate rides on the debug switch.
      const promptTokens = await deps.countTokens(prepared.ir);
      scope.lifecycle?.emit({ type: "estimated", promptTokens });
    }
    try {
      const outcome = await withResilience(
        provider,
        runtime,
        deps,
        scope,
        () =>
          callTarget({
            provider,
            prepared,
            clientProtocol: call.clientProtocol,
            clientHeaders: call.clientHeaders,
            signal: call.signal,
            logShape: runtime.config.prompt_cache.debug_log_request_shape,
            requestId: scope.id,
          }, deps),
        call.signal,
      );
      return { outcome, provider, prepared };
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      lastError = error;
      const more = i < names.length - 1;
      if (!more || !isFailoverable(error) || call.signal.aborted) throw error;
      deps.log.warn("falling back to next provider", {
        requestId: scope.id,
        failed: name,
        next: names[i + 1],
        status: error.status,
      });
    }
  }
  throw lastError!;
}

/** Failures another provider might not have: availability, limits, timeouts. Never bad input. */
export function isFailoverable(error: GatewayError): boolean {
  if (error.local) return false;
  return [408, 429, 500, 502, 503, 504, 529].includes(error.status) ||
    error.kind === "upstream_unavailable" || error.kind === "timeout";
}
