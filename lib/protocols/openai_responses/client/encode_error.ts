/**
 * GatewayError → the OpenAI error envelope `{ error: { message, type, param, code } }`, and the
 * `error` object of a `response.failed` event.
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
  request_too_large: "invalid_request_error",
  rate_limit: "rate_limit_error",
  overloaded: "server_error",
  timeout: "timeout_error",
  upstream_unavailable: "server_error",
  api_error: "server_error",
};

/** Upstreams that already speak OpenAI's error vocabulary keep their own `type`. */
const SAME_VOCABULARY = new Set(["openai", "openai_responses"]);

export function encodeResponsesError(error: GatewayError): EncodedError {
  const keepType = error.upstreamType !== undefined &&
    SAME_VOCABULARY.has(error.upstreamProtocol ?? "");
  const headers: Record<string, string> = {};
  if (error.retryAfter) headers["retry-after"] = error.retryAfter;
  return {
    status: error.status,
    headers,
    body: {
      error: {
        message: error.message,
        type: keepType ? error.upstreamType : TYPES[error.kind],
        param: error.param ?? null,
        code: error.code ?? null,
      },
    },
  };
}

/** The `response.error` of a failed response: the SDK expects a `code` from its own list. */
export function failedResponseError(error: GatewayError): { code: string; message: string } {
  const code = error.code ??
    (error.kind === "rate_limit"
      ? "rate_limit_exceeded"
      : error.kind === "invalid_request"
      ? "invalid_prompt"
      : "server_error");
  return { code, message: error.message };
}
