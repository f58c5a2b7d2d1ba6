/**
 * GatewayError → Anthropic error envelope `{type: "error", error: {type, message}}`.
 * https://docs.claude.com/en/api/errors
 *
 * When the upstream spoke Anthropic its own `error.type` and message are kept verbatim: Claude
 * Code recovers from some rejections (thinking, signatures, mid-conversation system messages)
 * by matching the upstream's wording. `retry-after` is passed through; an upstream's explicit
 * "do not retry" becomes `x-should-retry: false`, which Anthropic SDKs honour.
 *
 * @module
 */
import type { ErrorKind, GatewayError } from "../../../ir/error.ts";
import type { EncodedError } from "../../entry.ts";

const TYPES: Record<ErrorKind, string> = {
  invalid_request: "invalid_request_error",
  authentication: "authentication_error",
  permission: "permission_error",
  not_found: "not_found_error",
  request_too_large: "request_too_large",
  rate_limit: "rate_limit_error",
  overloaded: "overloaded_error",
  timeout: "api_error",
  upstream_unavailable: "api_error",
  api_error: "api_error",
};

export function anthropicErrorType(error: GatewayError): string {
  if (error.upstreamProtocol === "anthropic" && error.upstreamType) return error.upstreamType;
  return TYPES[error.kind] ?? "api_error";
}

export function encodeAnthropicErrorBody(
  error: GatewayError,
): { type: "error"; error: { type: string; message: string; details?: Record<string, unknown> } } {
  const body = { type: anthropicErrorType(error), message: error.message };
  // `details.error_code` is what SDKs act on (`thread_not_found` → replay the full history).
  const local = error.local === true || error.upstreamProtocol === "anthropic";
  return {
    type: "error",
    error: error.details && local ? { ...body, details: error.details } : body,
  };
}

export function encodeAnthropicError(error: GatewayError): EncodedError {
  const headers: Record<string, string> = {};
  if (error.retryAfter) headers["retry-after"] = error.retryAfter;
  if (error.noRetry) headers["x-should-retry"] = "false";
  const status = Number.isInteger(error.status) && error.status >= 400 ? error.status : 500;
  return { status, body: encodeAnthropicErrorBody(error), headers };
}
