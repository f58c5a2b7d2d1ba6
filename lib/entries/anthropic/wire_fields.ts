/**
 * Checks for client JSON: each returns the typed value or throws `invalidRequest` with the
 * field's path, so every 400 names exactly what was wrong ("messages[2].content[0].text: …").
 *
 * @module
 */
import { invalidRequest } from "../../ir/error.ts";
import type { CacheControl } from "../../ir/content.ts";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw invalidRequest(`${path}: expected an object`, path);
  return value;
}

export function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw invalidRequest(`${path}: expected an array`, path);
  return value;
}

export function expectString(value: unknown, path: string): string {
  if (typeof value !== "string") throw invalidRequest(`${path}: expected a string`, path);
  return value;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : expectString(value, path);
}

export function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalidRequest(`${path}: expected a number`, path);
  }
  return value;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidRequest(`${path}: expected a boolean`, path);
  return value;
}

/** `cache_control` as sent; only the documented `ephemeral` type with an optional TTL. */
export function optionalCacheControl(value: unknown, path: string): CacheControl | undefined {
  if (value === undefined || value === null) return undefined;
  const cc = expectObject(value, path);
  if (cc.type !== "ephemeral") {
    throw invalidRequest(`${path}.type: expected "ephemeral"`, `${path}.type`);
  }
  const ttl = optionalString(cc.ttl, `${path}.ttl`);
  if (ttl !== undefined && ttl !== "5m" && ttl !== "1h") {
    throw invalidRequest(`${path}.ttl: expected "5m" or "1h"`, `${path}.ttl`);
  }
  return ttl ? { type: "ephemeral", ttl } : { type: "ephemeral" };
}

/** The keys of `value` not in `known`, copied verbatim; undefined when there are none. */
export function unknownFields(value: JsonObject, known: readonly string[]): JsonObject | undefined {
  const extra: JsonObject = {};
  let any = false;
  for (const [key, v] of Object.entries(value)) {
    if (!known.includes(key)) {
      extra[key] = v;
      any = true;
    }
  }
  return any ? extra : undefined;
}
