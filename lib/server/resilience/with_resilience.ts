/**
 * One provider, tried with retries: exponential backoff with jitter (or the upstream's
 * `retry-after`, capped), retryable failures only, and the provider's circuit breaker in front.
 * An open breaker fails fast with a 503 `upstream_unavailable`, which `call_route` treats as a
 * reason to try the next fallback provider.
 *
 * Streams need nothing special here: `callTarget` only returns once the first event arrived, so
 * every failure it throws happened before the client saw a byte.
 *
 * @module
 */
import type { ResolvedProvider } from "../../config/load.ts";
import { GatewayError } from "../../ir/error.ts";
import type { RequestScope } from "../scope.ts";
import { randomHex } from "../../tracing/trace_context.ts";
import { type BreakerSettings, CircuitBreaker } from "./circuit_breaker.ts";
import type { GatewayDeps } from "../deps.ts";
import { isRetryable, retryDelayMs } from "./retry_policy.ts";
import type { Runtime } from "../runtime.ts";

export async function withResilience<T>(
  provider: ResolvedProvider,
  runtime: Runtime,
  deps: GatewayDeps,
  scope: Pick<RequestScope, "id" | "lifecycle">,
  /** One try; `spanId` is the attempt's trace span (the parent the upstream sees), or "". */
  attempt: (spanId: string) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const server = runtime.config.server;
  const breaker = new CircuitBreaker(
    deps.store,
    deps.now,
    (name, event) => deps.events({ type: "breaker", provider: name, event }),
  );
  const settings: BreakerSettings | undefined = server.circuit_breaker_failures === undefined
    ? undefined
    : {
      failures: server.circuit_breaker_failures,
      cooldownMs: server.circuit_breaker_cooldown_secs * 1000,
    };
  let lastError: GatewayError | undefined;
  for (let retry = 0;; retry++) {
    if (settings && (await breaker.admit(provider.name, settings)) === "reject") {
      // Mid-retries, the real failure says more than "circuit open".
      throw lastError ?? openError(provider.name);
    }
    // A span id only when the request is traced: it goes upstream in `traceparent`.
    const spanId = scope.lifecycle?.record.trace ? randomHex(8) : "";
    scope.lifecycle?.emit({
      type: "attempt",
      provider: provider.name,
      providerType: provider.type,
      spanId,
    });
    try {
      const result = await attempt(spanId);
      scope.lifecycle?.emit({ type: "attempt_ended", status: 200 });
      if (settings) await breaker.succeeded(provider.name);
      return result;
    } catch (error) {
      scope.lifecycle?.emit({
        type: "attempt_ended",
        status: error instanceof GatewayError ? error.status : 500,
        errorKind: error instanceof GatewayError ? error.kind : "api_error",
      });
      if (!(error instanceof GatewayError)) throw error;
      lastError = error;
      const retryable = isRetryable(error);
      if (settings && (!signal?.aborted || error.kind === "timeout")) {
        if (retryable) await breaker.failed(provider.name, settings);
        else if (!error.local) await breaker.succeeded(provider.name);
      }
      if (!retryable || retry >= server.retry_attempts || signal?.aborted) throw error;
      const delay = retryDelayMs(
        error,
        retry + 1,
        server.retry_backoff_ms,
        deps.now(),
        deps.random(),
      );
      deps.events({ type: "retry", provider: provider.name, status: error.status });
      deps.log.debug("retrying upstream", {
        requestId: scope.id,
        provider: provider.name,
        status: error.status,
        kind: error.kind,
        attempt: retry + 2,
        delayMs: delay,
      });
      await deps.sleep(delay);
      if (signal?.aborted) throw error;
    }
  }
}

function openError(provider: string): GatewayError {
  return new GatewayError({
    status: 503,
    kind: "upstream_unavailable",
    message: `provider ${provider} is failing: its circuit breaker is open`,
  });
}
