/**
 * Caps for text that reaches a log line. A client may send a model name of any length (one log
 * line was 444 KB) and an upstream's error page may carry answer text: log lines take only a
 * bounded, single-line summary.
 *
 * @module
 */

/** Longest client-supplied string a log line carries (model names, ids, paths). */
export const LOG_TEXT_CAP = 200;

/** `text` cut to `max` characters, with the original length said when it was cut. */
export function boundedText(text: string, max = LOG_TEXT_CAP): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…(${text.length} chars)`;
}

/**
 * What a log line says about a failure. An upstream's error body (an HTML page, a message quoting
 * the prompt or the answer) is withheld unless `log_bodies` is on; the gateway's own messages
 * are kept, capped.
 */
export function failureSummary(
  error: { message: string; upstreamProtocol?: string; upstreamType?: string },
  logBodies: boolean,
): string {
  if (error.upstreamProtocol === undefined || logBodies) return boundedText(error.message);
  const type = error.upstreamType ? ` of type ${boundedText(error.upstreamType, 60)}` : "";
  return `upstream error body${type} withheld (${error.message.length} chars; ` +
    "[logging] log_bodies shows it)";
}

/** A thrown value as a short line: its name and bounded message, never a stack or body. */
export function errorSummary(error: unknown): string {
  if (error instanceof Error) return boundedText(`${error.name}: ${error.message}`);
  return boundedText(String(error));
}
