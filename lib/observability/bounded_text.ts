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

/** A thrown value as a short line: its name and bounded message, never a stack or body. */
export function errorSummary(error: unknown): string {
  if (error instanceof Error) return boundedText(`${error.name}: ${error.message}`);
  return boundedText(String(error));
}
