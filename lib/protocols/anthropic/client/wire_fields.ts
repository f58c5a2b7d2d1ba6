/**
 * Anthropic-only reads of client JSON (`cache_control`, fields kept verbatim for an Anthropic
 * upstream); the reads every entry shares are in ../json_fields.ts.
 *
 * @module
 */
import { invalidRequest } from "../../../ir/error.ts";
import type { CacheControl } from "../../../ir/content.ts";
import { expectObject, type JsonObject, optionalString } from "../../../json/fields.ts";

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
