/**
 * An upstream non-2xx → GatewayError, keeping the status and OpenAI's `type`, `code`, `param`
 * and message so a Responses client sees the upstream's own words.
 *
 * @module
 */
import { GatewayError, kindForStatus } from "../../../ir/error.ts";
import { isObject } from "../../../json/fields.ts";
import { parseErrorBody } from "../../../json/error_body.ts";

export function decodeResponsesError(
  status: number,
  bodyText: string,
  headers: Headers,
): GatewayError {
  const { json, fallbackMessage } = parseErrorBody(bodyText, `upstream answered HTTP ${status}`);
  const error = isObject(json) && isObject(json.error) ? json.error : undefined;
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const message = text(error?.message) ?? fallbackMessage;
  return new GatewayError({
    status,
    kind: kindForStatus(status),
    message,
    upstreamType: text(error?.type),
    upstreamProtocol: "openai_responses",
    code: text(error?.code),
    param: text(error?.param),
    retryAfter: headers.get("retry-after") ?? undefined,
  });
}

/** A `response.failed` response or a top-level `error` event → GatewayError (HTTP 502). */
export function streamFailure(error: unknown, fallback: string): GatewayError {
  const record = isObject(error) ? error : {};
  const code = typeof record.code === "string" ? record.code : undefined;
  const message = typeof record.message === "string" ? record.message : fallback;
  const rateLimited = code === "rate_limit_exceeded";
  return new GatewayError({
    status: rateLimited ? 429 : 502,
    kind: rateLimited ? "rate_limit" : "api_error",
    message,
    code,
    upstreamType: typeof record.type === "string" ? record.type : undefined,
    upstreamProtocol: "openai_responses",
    param: typeof record.param === "string" ? record.param : undefined,
  });
}
