/**
 * What no log line may contain: provider or gateway keys, prompt text, answer text, and no line
 * may be unbounded.
 *
 * @module
 */
import { CANARY } from "./_gateway.ts";

/** Longest acceptable log line (client strings are capped at 1,000 characters per field). */
export const MAX_LINE_CHARS = 16_384;

const SECRET = /\bsk-[A-Za-z0-9_-]{6,}|Bearer\s+[A-Za-z0-9._-]{8,}/;

/** The offending lines, each prefixed with why. */
export function findLeaks(lines: string[]): string[] {
  const leaks: string[] = [];
  for (const line of lines) {
    if (line.includes(CANARY.prompt)) leaks.push(`prompt text: ${line}`);
    else if (line.includes(CANARY.answer)) leaks.push(`answer text: ${line}`);
    else if (SECRET.test(line)) leaks.push(`key: ${line}`);
    else if (line.length > MAX_LINE_CHARS) leaks.push(`unbounded (${line.length} chars): ${line}`);
  }
  return leaks;
}
