/**
 * Guarded JSON parsing for upstream bodies and SSE data: a malformed upstream becomes a typed
 * 502, never an unhandled SyntaxError.
 *
 * @module
 */
import { GatewayError } from "../ir/error.ts";

export function parseUpstreamJson(text: string, what = "upstream response"): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayError({
      status: 502,
      kind: "api_error",
      message: `${what} is not valid JSON: ${text.slice(0, 200)}`,
    });
  }
}
