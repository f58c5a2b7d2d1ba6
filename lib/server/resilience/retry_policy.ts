/**
 * Which upstream failures are worth repeating, and how long to wait before the next attempt.
 * Pure functions: the random jitter and the clock come in as arguments.
 *
 * @module
 */
import type { GatewayError } from "../../ir/error.ts";

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504, 529]);

/** The longest an upstream's `retry-after` may make one request wait here. */
export const MAX_RETRY_AFTER_MS = 30_000;
/** Backoff never grows past this, however many attempts are configured. */
export const MAX_BACKOFF_MS = 30_000;

/**
 * Transient upstream trouble: unreachable, timed out, overloaded, rate limited. Never bad input,
 * never a failure of the gateway's own, never an upstream that said "do not retry" (a spend
 * limit reported as 429).
 */
export function isRetryable(error: GatewayError): boolean {
  if (error.local || error.noRetry) return false;
  if (error.status === 499) return false;
  return RETRYABLE_STATUS.has(error.status) || error.kind === "upstream_unavailable" ||
    error.kind === "timeout";
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so attempts
 * spread out without ever retrying immediately. `attempt` counts from 1 (the first retry).
 */
export function backoffMs(baseMs: number, attempt: number, random: number): number {
  const step = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (step / 2) * random);
}

/** `retry-after` as delta-seconds or an HTTP date → milliseconds from `now`, capped. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}

/** The wait before retry number `attempt`: the upstream's word when it gave one, else backoff. */
export function retryDelayMs(
  error: GatewayError,
  attempt: number,
  baseMs: number,
  now: number,
  random: number,
): number {
  return retryAfterMs(error.retryAfter, now) ?? backoffMs(baseMs, attempt, random);
}
