/**
 * GatewayError → OpenAI error envelope `{error: {message, type, param, code}}`.
 *
 * An upstream that speaks an OpenAI protocol keeps its own `type` string verbatim; otherwise the
 * canonical kind picks the type. Overloaded stays apart from rate limiting (status 529 and
 * `overloaded_error`) so clients can back off differently.
 *
 * @module
 */
import type { ErrorKind, GatewayError } from "../../../ir/error.ts";
import type { EncodedError } from "../../entry.ts";

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function encodeOpenAIError(error: GatewayError): EncodedError {
  const headers: Record<string, string> = {};
  if (error.retryAfter) headers["retry-after"] = error.retryAfter;
  return { status: error.status, body: openaiErrorBody(error), headers };
}

export function openaiErrorBody(error: GatewayError): OpenAIErrorBody {
  const sameFamily = error.upstreamProtocol === "openai" ||
    error.upstreamProtocol === "openai_responses";
  const type = sameFamily && error.upstreamType
    ? error.upstreamType
    : typeForKind(error.kind, error.status);
  return {
    error: {
      message: error.message,
      type,
      param: error.param ?? null,
      code: error.code ?? (error.kind === "request_too_large" ? "request_too_large" : null),
    },
  };
}

function typeForKind(kind: ErrorKind, status: number): string {
  switch (kind) {
    case "invalid_request":
    case "request_too_large":
      return "invalid_request_error";
    case "authentication":
      return "authentication_error";
    case "permission":
      return "permission_error";
    case "not_found":
      return "not_found_error";
    case "rate_limit":
      return "rate_limit_error";
    case "overloaded":
      return "overloaded_error";
    case "timeout":
      return "timeout_error";
    case "upstream_unavailable":
      return "server_error";
    case "api_error":
      return status >= 500 ? "server_error" : "api_error";
    default:
      return kind satisfies never;
  }
}
