/**
 * Upstream errors → GatewayError: the HTTP status is kept, the upstream's `type`, `code` and
 * `param` are kept for OpenAI-family clients, and `retry-after` is passed through. Bodies are
 * parsed leniently: a proxy's HTML or plain-text error still yields a useful message.
 *
 * @module
 */
import { isObject } from "../../../json/fields.ts";
import { GatewayError, kindForStatus } from "../../../ir/error.ts";
import { parseErrorBody } from "../../../json/error_body.ts";

export function decodeOpenAIError(
  status: number,
  bodyText: string,
  headers: Headers,
): GatewayError {
  const detail = errorDetail(bodyText);
  return errorFromDetail(status, detail, headers.get("retry-after") ?? undefined);
}

interface ErrorDetail {
  message: string;
  type?: string;
  code?: string;
  param?: string;
}

function errorDetail(bodyText: string): ErrorDetail {
  const empty = "upstream returned an empty error body";
  const { json, fallbackMessage } = parseErrorBody(bodyText, empty, 1000);
  if (json === undefined) return { message: fallbackMessage };
  const error = isObject(json) && json.error !== undefined ? json.error : json;
  return detailFromValue(error);
}

function detailFromValue(error: unknown): ErrorDetail {
  if (typeof error === "string") return { message: error };
  if (!isObject(error)) return { message: "upstream returned an error without a message" };
  const text = (v: unknown) =>
    typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
  return {
    message: text(error.message) ?? JSON.stringify(error).slice(0, 1000),
    type: text(error.type),
    code: text(error.code),
    param: text(error.param),
  };
}

function errorFromDetail(
  status: number,
  detail: ErrorDetail,
  retryAfter: string | undefined,
): GatewayError {
  return new GatewayError({
    status,
    kind: kindForStatus(status),
    message: detail.message,
    upstreamType: detail.type,
    upstreamProtocol: "openai",
    code: detail.code,
    param: detail.param,
    retryAfter,
  });
}

/**
 * An `error` object inside a stream frame. It carries no HTTP status, so one is inferred from
 * the type or a numeric code; anything unrecognized is a 502 from the upstream.
 */
export function decodeOpenAIStreamError(error: unknown): GatewayError {
  const detail = detailFromValue(error);
  return errorFromDetail(statusForStreamError(detail), detail, undefined);
}

function statusForStreamError(detail: ErrorDetail): number {
  const numeric = Number(detail.code);
  if (Number.isInteger(numeric) && numeric >= 400 && numeric <= 599) return numeric;
  const type = `${detail.type ?? ""} ${detail.code ?? ""}`;
  if (type.includes("rate_limit")) return 429;
  if (type.includes("overloaded")) return 529;
  if (type.includes("context_length") || type.includes("invalid_request")) return 400;
  return 502;
}
