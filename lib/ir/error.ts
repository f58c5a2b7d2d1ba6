/**
 * Typed failures. Before the first byte reaches the client a `GatewayError` becomes an HTTP
 * error in the client's protocol; after it, an `error` stream event that each entry writes as
 * its protocol's terminal frame.
 *
 * @module
 */

/**
 * Canonical error kinds. Each entry maps a kind to its own protocol's `type`; when the upstream
 * speaks the client's protocol its original `type` string (`upstreamType`) is kept instead.
 */
export type ErrorKind =
  | "invalid_request"
  | "authentication"
  | "permission"
  | "not_found"
  | "request_too_large"
  | "rate_limit"
  | "overloaded"
  | "timeout"
  | "upstream_unavailable"
  | "api_error";

export interface GatewayErrorInit {
  status: number;
  kind: ErrorKind;
  message: string;
  /** The upstream's own error `type` (e.g. `overloaded_error`), kept for same-family clients. */
  upstreamType?: string;
  /** The upstream's protocol, so an entry knows whether `upstreamType` is in its vocabulary. */
  upstreamProtocol?: string;
  /** OpenAI-style `code` (e.g. `context_length_exceeded`) and `param`. */
  code?: string;
  param?: string;
  /** Value of the upstream's `retry-after` header, passed through to the client. */
  retryAfter?: string;
  /** True when the failure was the gateway's own (bad client input, routing) not the upstream's. */
  local?: boolean;
  /** The upstream explicitly asked not to retry (e.g. Anthropic spend limit reached). */
  noRetry?: boolean;
  /**
   * Anthropic-style machine-readable `error.details` (`{error_code: "thread_not_found"}`), which
   * SDKs act on; shown to Anthropic clients, from an Anthropic upstream or the gateway itself.
   */
  details?: Record<string, unknown>;
}

export class GatewayError extends Error implements GatewayErrorInit {
  status: number;
  kind: ErrorKind;
  upstreamType?: string;
  upstreamProtocol?: string;
  code?: string;
  param?: string;
  retryAfter?: string;
  local?: boolean;
  noRetry?: boolean;
  details?: Record<string, unknown>;

  constructor(init: GatewayErrorInit) {
    super(init.message);
    this.name = "GatewayError";
    this.status = init.status;
    this.kind = init.kind;
    this.upstreamType = init.upstreamType;
    this.upstreamProtocol = init.upstreamProtocol;
    this.code = init.code;
    this.param = init.param;
    this.retryAfter = init.retryAfter;
    this.local = init.local;
    this.noRetry = init.noRetry;
    if (init.details) this.details = init.details;
  }
}

/** A client-side mistake (bad JSON, wrong type, unmatched tool id): HTTP 400. */
export function invalidRequest(message: string, param?: string): GatewayError {
  return new GatewayError({ status: 400, kind: "invalid_request", message, param, local: true });
}

/**
 * A stream that stopped without its terminal event (the upstream or a proxy cut it): HTTP 502.
 * Whoever notices first (collect, an entry's encoder, a protocol's decoder naming the terminal
 * event it waited for) reports it with these same words.
 */
export function streamEndedEarly(terminal = "it finished"): GatewayError {
  return new GatewayError({
    status: 502,
    kind: "api_error",
    message: `upstream stream ended before ${terminal}`,
  });
}

/** Maps an HTTP status to the canonical kind, for upstream errors whose body says nothing useful. */
export function kindForStatus(status: number): ErrorKind {
  if (status === 401) return "authentication";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 408 || status === 504) return "timeout";
  if (status === 413) return "request_too_large";
  if (status === 429) return "rate_limit";
  if (status === 529) return "overloaded";
  if (status === 502 || status === 503) return "upstream_unavailable";
  if (status >= 400 && status < 500) return "invalid_request";
  return "api_error";
}

/** Anything thrown becomes a GatewayError; unknown throws are internal 500s with a safe message. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof DOMException && error.name === "TimeoutError") {
    return new GatewayError({ status: 504, kind: "timeout", message: "upstream timed out" });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayError({
    status: 500,
    kind: "api_error",
    message: `internal error: ${message}`,
  });
}
