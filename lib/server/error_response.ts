/**
 * A GatewayError → an HTTP response in the client's protocol, with `retry-after` passed on.
 *
 * @module
 */
import type { Entry } from "../protocols/entry.ts";
import type { GatewayError } from "../ir/error.ts";

export function errorResponse(
  entry: Entry,
  error: GatewayError,
  extra: Record<string, string> = {},
): Response {
  const encoded = entry.encodeError(error);
  const headers: Record<string, string> = { ...extra, ...encoded.headers };
  if (error.retryAfter && !headers["retry-after"]) headers["retry-after"] = error.retryAfter;
  // 499 is nginx's "client closed request": nobody is listening, but keep the status honest.
  return Response.json(encoded.body, { status: encoded.status, headers });
}
