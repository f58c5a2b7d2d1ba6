/**
 * Anthropic error responses → GatewayError, keeping status, the upstream's `error.type` and
 * message verbatim (Claude Code matches on them) and `retry-after`.
 * https://docs.claude.com/en/api/errors
 *
 * A 429 whose body says `error.details.error_code: "enforced_spend_limit_reached"` will not
 * clear by waiting: it is marked `noRetry`, as is any answer with `x-should-retry: false`.
 *
 * @module
 */
import { type ErrorKind, GatewayError, kindForStatus } from "../../../ir/error.ts";
import { parseErrorBody } from "../../../json/error_body.ts";

const KINDS: Record<string, ErrorKind> = {
  invalid_request_error: "invalid_request",
  authentication_error: "authentication",
  permission_error: "permission",
  billing_error: "permission",
  not_found_error: "not_found",
  request_too_large: "request_too_large",
  rate_limit_error: "rate_limit",
  overloaded_error: "overloaded",
  timeout_error: "timeout",
  api_error: "api_error",
};

const STATUS_FOR_TYPE: Record<string, number> = {
  overloaded_error: 529,
  rate_limit_error: 429,
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  api_error: 500,
};

/** An error envelope, from an HTTP body or an in-stream `event: error` (no status of its own). */
export function decodeAnthropicErrorBody(
  body: unknown,
  fallbackStatus: number,
  status?: number,
): GatewayError {
  const error = typeof body === "object" && body !== null
    ? (body as Record<string, unknown>).error
    : undefined;
  const e = typeof error === "object" && error !== null ? error as Record<string, unknown> : {};
  const type = typeof e.type === "string" ? e.type : undefined;
  const resolved = status ?? (type ? STATUS_FOR_TYPE[type] : undefined) ?? fallbackStatus;
  const details = typeof e.details === "object" && e.details !== null
    ? e.details as Record<string, unknown>
    : {};
  return new GatewayError({
    status: resolved,
    kind: (type && KINDS[type]) || kindForStatus(resolved),
    message: typeof e.message === "string" ? e.message : `upstream error (HTTP ${resolved})`,
    upstreamType: type,
    upstreamProtocol: "anthropic",
    noRetry: details.error_code === "enforced_spend_limit_reached" || undefined,
    ...(Object.keys(details).length > 0 ? { details } : {}),
  });
}

export function decodeAnthropicError(
  status: number,
  bodyText: string,
  headers: Headers,
): GatewayError {
  const { json, fallbackMessage } = parseErrorBody(bodyText, `upstream error (HTTP ${status})`);
  const body = json === undefined ? { error: { message: fallbackMessage } } : json;
  const error = decodeAnthropicErrorBody(body, status, status);
  const retryAfter = headers.get("retry-after");
  if (retryAfter) error.retryAfter = retryAfter;
  if (headers.get("x-should-retry") === "false") error.noRetry = true;
  return error;
}
