/**
 * Canonical JSON: every object's keys in code-unit order, so equal values serialize to equal
 * bytes whatever order their keys were built in. Bounded in depth (see `bounded_json.ts`).
 *
 * @module
 */
import { checkWalkDepth } from "./bounded_json.ts";

/** A deep copy of `value` with every object's keys in code-unit order. */
export function canonicalize<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== "object") return value;
  checkWalkDepth(depth + 1, "a JSON value");
  if (Array.isArray(value)) return value.map((v) => canonicalize(v, depth + 1)) as T;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    // Mirrors JSON.stringify, which drops undefined members: two values that serialize alike
    // must canonicalize alike.
    if (child !== undefined) sorted[key] = canonicalize(child, depth + 1);
  }
  return sorted as T;
}

/** `JSON.stringify` of the canonical form: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value)) ?? "null";
}
