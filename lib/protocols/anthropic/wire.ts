/**
 * Anthropic-only reads of client JSON (`cache_control`, fields kept verbatim for an Anthropic
 * upstream); the reads every entry shares are in ../json_fields.ts.
 *
 * @module
 */
import type { CacheControl } from "../../ir/content.ts";
import { expectObject, type JsonObject, optionalString } from "../../json/fields.ts";

/**
 * `cache_control` as the IR models it: the documented `ephemeral` type with an optional TTL.
 * A type, TTL or extra field the IR does not know is not an error: the result is undefined and
 * the caller keeps the object verbatim with the block's other unmodeled fields (`blockExtras`).
 */
export function optionalCacheControl(value: unknown, path: string): CacheControl | undefined {
  if (value === undefined || value === null) return undefined;
  const cc = expectObject(value, path);
  const ttl = optionalString(cc.ttl, `${path}.ttl`);
  if (cc.type !== "ephemeral" || unknownFields(cc, ["type", "ttl"])) return undefined;
  if (ttl !== undefined && ttl !== "5m" && ttl !== "1h") return undefined;
  return ttl ? { type: "ephemeral", ttl } : { type: "ephemeral" };
}

/**
 * The fields of a client block (or tool) the IR does not model, for `extensions.anthropic`:
 * everything besides `known`, and `cache_control` too when it did not decode into the IR.
 */
export function blockExtras(
  block: JsonObject,
  known: readonly string[],
  cacheControl: CacheControl | undefined,
): { anthropic: JsonObject } | undefined {
  const modeled = cacheControl || block.cache_control == null ? [...known, "cache_control"] : known;
  const extra = unknownFields(block, modeled);
  return extra ? { anthropic: extra } : undefined;
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
