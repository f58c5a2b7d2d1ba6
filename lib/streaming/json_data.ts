/**
 * Guarded JSON parsing for upstream bodies and SSE data: a malformed upstream becomes a typed
 * 502, never an unhandled SyntaxError.
 *
 * @module
 */
import { GatewayError } from "../ir/error.ts";
import { jsonDepth, MAX_JSON_DEPTH } from "../json/bounded_json.ts";

export function parseUpstreamJson(text: string, what = "upstream response"): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Never the text itself: it may be an answer, and this message reaches logs.
    throw upstreamInvalid(`${what} is not valid JSON (${text.length} characters)`);
  }
  // Nesting past the limit takes at least two characters a level: short texts need no walk.
  if (text.length > 2 * MAX_JSON_DEPTH && jsonDepth(value) > MAX_JSON_DEPTH) {
    throw upstreamInvalid(`${what} is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
  return value;
}

function upstreamInvalid(message: string): GatewayError {
  return new GatewayError({ status: 502, kind: "api_error", message });
}
