/**
 * GatewayError → Gemini's error envelope `{error:{code, message, status}}`.
 *
 * `status` is the google.rpc code name; a Gemini upstream's own value is kept as it was.
 * `@google/genai` raises an `ApiError` for this shape both as an HTTP body and as a stream
 * frame, as long as `code` is an HTTP error status.
 *
 * @module
 */
import type { EncodedError } from "../../entry.ts";
import type { ErrorKind, GatewayError } from "../../../ir/error.ts";
import type { GeminiErrorBody } from "../wire.ts";

const STATUS: Record<ErrorKind, string> = {
  invalid_request: "INVALID_ARGUMENT",
  authentication: "UNAUTHENTICATED",
  permission: "PERMISSION_DENIED",
  not_found: "NOT_FOUND",
  request_too_large: "INVALID_ARGUMENT",
  rate_limit: "RESOURCE_EXHAUSTED",
  overloaded: "UNAVAILABLE",
  timeout: "DEADLINE_EXCEEDED",
  upstream_unavailable: "UNAVAILABLE",
  api_error: "INTERNAL",
};

export function geminiErrorBody(error: GatewayError): GeminiErrorBody {
  const code = error.status >= 400 && error.status < 600 ? error.status : 500;
  const status = error.upstreamProtocol === "gemini" && error.upstreamType
    ? error.upstreamType
    : STATUS[error.kind] ?? "INTERNAL";
  return { error: { code, message: error.message, status } };
}

export function encodeGeminiError(error: GatewayError): EncodedError {
  const body = geminiErrorBody(error);
  const headers: Record<string, string> = {};
  if (error.retryAfter) headers["retry-after"] = error.retryAfter;
  return { status: body.error.code, body, headers };
}
