/**
 * IR-side values → SSE text. JSON is always serialized, never templated.
 *
 * @module
 */

/** One SSE frame; with `event` it carries the `event:` line Anthropic and Responses SDKs need. */
export function sseFrame(data: unknown, event?: string): string {
  const json = typeof data === "string" ? data : JSON.stringify(data);
  return event ? `event: ${event}\ndata: ${json}\n\n` : `data: ${json}\n\n`;
}
