/**
 * A Gemini error body (`{error:{code,message,status}}`, or that inside a JSON array when the
 * stream endpoint failed) → GatewayError keeping the message, the status string and retry info.
 *
 * @module
 */
import { type ErrorKind, GatewayError, kindForStatus } from "../../../ir/error.ts";
import { parseErrorBody } from "../../../json/error_body.ts";

const KINDS: Record<string, ErrorKind> = {
  INVALID_ARGUMENT: "invalid_request",
  FAILED_PRECONDITION: "invalid_request",
  OUT_OF_RANGE: "invalid_request",
  UNAUTHENTICATED: "authentication",
  PERMISSION_DENIED: "permission",
  NOT_FOUND: "not_found",
  RESOURCE_EXHAUSTED: "rate_limit",
  UNAVAILABLE: "upstream_unavailable",
  DEADLINE_EXCEEDED: "timeout",
  INTERNAL: "api_error",
};

export function decodeGeminiError(
  status: number,
  bodyText: string,
  headers: Headers,
): GatewayError {
  const { json, fallbackMessage } = parseErrorBody(
    bodyText,
    `Gemini upstream returned HTTP ${status}`,
  );
  const error = errorObject(json);
  const statusText = typeof error?.status === "string" ? error.status : undefined;
  const message = typeof error?.message === "string" && error.message !== ""
    ? error.message
    : fallbackMessage;
  return new GatewayError({
    status,
    kind: (statusText && KINDS[statusText]) || kindForStatus(status),
    message,
    upstreamType: statusText,
    upstreamProtocol: "gemini",
    retryAfter: headers.get("retry-after") ?? retryDelay(error?.details),
  });
}

/** The `error` member, wherever Gemini put it; undefined when the body is not Gemini JSON. */
function errorObject(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value)) value = value.find((v) => typeof v === "object" && v && "error" in v);
  if (typeof value !== "object" || value === null) return undefined;
  const error = (value as Record<string, unknown>).error;
  return typeof error === "object" && error !== null ? error as Record<string, unknown> : undefined;
}

/** `google.rpc.RetryInfo.retryDelay` ("30s", "1.5s") → whole seconds for `retry-after`. */
function retryDelay(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const delay = (detail as Record<string, unknown> | null)?.retryDelay;
    const match = typeof delay === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
    if (match) return String(Math.ceil(Number(match[1])));
  }
  return undefined;
}
