/**
 * Typed reads of untrusted client JSON, shared by every entry. Each returns the typed value or
 * throws `invalidRequest` naming the field's path (`messages[2].content[0].text: expected a
 * string`), so a 400 tells the client exactly what to fix. `isObject` is also the one shape
 * check the adapters use on upstream JSON.
 *
 * @module
 */
import { invalidRequest } from "../ir/error.ts";

export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The 400 for `path`, with the path leading the message and carried as `param`. */
export function fail(path: string, message: string): never {
  throw invalidRequest(`${path}: ${message}`, path);
}

export function expectObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) fail(path, "expected an object");
  return value;
}

export function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, "expected an array");
  return value;
}

export function expectString(value: unknown, path: string): string {
  if (typeof value !== "string") fail(path, "expected a string");
  return value;
}

/** `undefined` and `null` both mean "not given", as the providers' own APIs treat them. */
export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : expectString(value, path);
}

export function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) fail(path, "expected a number");
  return value;
}

/** An optional integer; with `min`, also at least `min` (and the message says so). */
export function optionalInteger(value: unknown, path: string, min?: number): number | undefined {
  const n = optionalNumber(value, path);
  if (n === undefined) return undefined;
  if (min === undefined) {
    if (!Number.isInteger(n)) fail(path, "expected an integer");
  } else if (!Number.isInteger(n) || n < min) {
    fail(path, `expected an integer >= ${min}`);
  }
  return n;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") fail(path, "expected a boolean");
  return value;
}
