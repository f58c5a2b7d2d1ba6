/**
 * An upstream's non-2xx body, read leniently. Providers answer in their JSON error envelope,
 * but a proxy or load balancer in front of them answers with an HTML or plain-text page, and
 * that text is still the best message there is. Each adapter maps its own envelope.
 *
 * @module
 */

export interface ErrorBody {
  /** The parsed body; `undefined` only when it is not JSON (JSON itself has no `undefined`). */
  json: unknown;
  /** The body's text trimmed and cut to `maxChars`, or `emptyMessage` when that leaves nothing. */
  fallbackMessage: string;
}

export function parseErrorBody(bodyText: string, emptyMessage: string, maxChars = 500): ErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    json = undefined;
  }
  return { json, fallbackMessage: bodyText.trim().slice(0, maxChars) || emptyMessage };
}
