/**
 * A GatewayError → an HTTP response in the client's protocol, with `retry-after` passed on.
 *
 * @module
 */
import type { Entry } from "../protocols/entry.ts";
import type { GatewayError } from "../ir/error.ts";
import type { RequestScope } from "./scope.ts";

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

/**
 * An answer from before the pipeline knows the entry (middleware, a 404): in the protocol shape
 * the path belongs to, so a refused client still gets an error it can parse.
 */
export function refuse(
  scope: RequestScope,
  error: GatewayError,
  headers: Record<string, string> = {},
): Response {
  return errorResponse(scope.route.shape, error, headers);
}
