/**
 * Checks on flag values that parseArgs leaves as strings: whole numbers and numbers within a
 * range. A failed check is a UsageError, which a command answers with its help and exit code 2.
 *
 * @module
 */
import { type Command, commandHelp } from "./command.ts";

/** A bad flag value. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Runs a command body; a UsageError prints the reason and the command's help, exit code 2. */
export async function withUsage(command: Command, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`ferryllm ${command.name}: ${error.message}\n\n${commandHelp(command)}`);
    return 2;
  }
}

/** A flag value that must be a whole number within [min, max]. */
export function intFlag(
  name: string,
  value: unknown,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (String(value).trim() === "" || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** A flag value that must be a number within [min, max]. */
export function numberFlag(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (String(value).trim() === "" || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}
