/**
 * Client effort strings → the IR's `Effort`.
 *
 * @module
 */
import { type Effort, EFFORTS } from "../ir/request.ts";

/**
 * `none | minimal | low | medium | high | xhigh | max`, any case, surrounding blanks ignored;
 * `x_high` and `x-high` mean `xhigh`. Anything else is undefined, so each entry decides whether
 * an unknown level is a 400 or is passed over.
 *
 * @example
 * ```ts
 * parseEffort("X_HIGH"); // "xhigh"
 * parseEffort("turbo"); // undefined
 * ```
 */
export function parseEffort(value: unknown): Effort | undefined {
  if (typeof value !== "string") return undefined;
  const normalized = value.trim().toLowerCase().replace(/^x[-_]high$/, "xhigh");
  return (EFFORTS as readonly string[]).includes(normalized) ? normalized as Effort : undefined;
}

/** Position in `EFFORTS`: `none` is 0, `max` is 6. */
export function effortRank(effort: Effort): number {
  return EFFORTS.indexOf(effort);
}

/** The lower of two efforts. */
export function minEffort(a: Effort, b: Effort): Effort {
  return effortRank(a) <= effortRank(b) ? a : b;
}
