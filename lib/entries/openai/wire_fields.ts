/**
 * Typed reads of an untrusted Chat Completions body. Each failure is a 400 naming the exact
 * path (`messages[2].content[0].text: expected a string`), so a client sees what to fix.
 *
 * @module
 */
import { invalidRequest } from "../../ir/error.ts";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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

/** `undefined` and `null` both mean "not given", as the OpenAI API treats them. */
export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : expectString(value, path);
}

export function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) fail(path, "expected a number");
  return value;
}

export function optionalInteger(value: unknown, path: string): number | undefined {
  const n = optionalNumber(value, path);
  if (n !== undefined && !Number.isInteger(n)) fail(path, "expected an integer");
  return n;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") fail(path, "expected a boolean");
  return value;
}
