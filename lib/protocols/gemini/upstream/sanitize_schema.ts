/**
 * JSON Schema → the OpenAPI 3.0 subset Gemini accepts in `functionDeclarations[].parameters`.
 *
 * Gemini rejects whole requests over keywords it does not know (`$schema`, `additionalProperties`,
 * `uniqueItems`, `exclusiveMinimum` …, field-notes §3.17), so the sanitizer keeps an allowlist
 * instead of a blocklist: a new JSON Schema keyword is dropped, never forwarded. `$ref`s are
 * inlined from `$defs` / `definitions` (a cyclic reference becomes a bare `object`), `const`
 * becomes a one-value `enum`, exclusive bounds become inclusive ones, `["string","null"]`
 * becomes `type` + `nullable`, and `oneOf` becomes `anyOf`.
 *
 * Results are cached per stable hash of the input, since agents resend the same tools on every
 * turn. Reference: https://ai.google.dev/api/caching#Schema
 *
 * @module
 */
import type { JsonSchema } from "../../../ir/request.ts";
import { GatewayError } from "../../../ir/error.ts";
import { canonicalJson } from "../../../json/canonical_json.ts";
import { isObject } from "../../../json/fields.ts";
import { stableHash } from "../../../json/stable_hash.ts";

type Obj = Record<string, unknown>;

/** Keywords copied as they are when their value has the right JSON type. */
const PLAIN_KEYWORDS: Record<string, "string" | "number" | "boolean"> = {
  title: "string",
  description: "string",
  pattern: "string",
  nullable: "boolean",
  minimum: "number",
  maximum: "number",
  minItems: "number",
  maxItems: "number",
  minLength: "number",
  maxLength: "number",
  minProperties: "number",
  maxProperties: "number",
};

/** `format` values Gemini documents, per type; any other format is dropped. */
const FORMATS: Record<string, string[]> = {
  string: ["enum", "date-time"],
  number: ["float", "double"],
  integer: ["int32", "int64"],
};

const TYPES = new Set(["string", "number", "integer", "boolean", "array", "object", "null"]);
const MAX_DEPTH = 32;
/**
 * Nodes one schema may expand to. Inlining `$ref`s can grow a small schema exponentially (each
 * definition referring twice to the next); past this budget it is refused, not built.
 */
export const MAX_SCHEMA_NODES = 20_000;
const CACHE_LIMIT = 256;
const cache = new Map<string, JsonSchema>();

/** Sanitized copy of `schema`, from the cache when this exact schema was seen before. */
export function sanitizeGeminiSchema(schema: JsonSchema): JsonSchema {
  const text = canonicalJson(schema);
  const key = `${text.length}:${stableHash(text)}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // refresh its place: the map is kept in least-recently-used order
    cache.set(key, hit);
    return hit;
  }
  const walk: Walk = { root: schema, expanding: [], depth: 0, budget: { nodes: MAX_SCHEMA_NODES } };
  const out = deepFreeze(sanitizeNode(schema, walk));
  cache.set(key, out);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return out;
}

interface Walk {
  root: Obj;
  /** `$ref`s being inlined on the current path, to cut cycles. */
  expanding: string[];
  depth: number;
  /** Nodes left to build, shared by the whole walk. */
  budget: { nodes: number };
}

function sanitizeNode(node: unknown, walk: Walk): Obj {
  if (!isObject(node) || walk.depth > MAX_DEPTH) return {};
  if (--walk.budget.nodes < 0) throw schemaTooLarge();
  if (typeof node.$ref === "string") return inlineRef(node, node.$ref, walk);
  const deeper = { ...walk, depth: walk.depth + 1 };
  const merged = mergeAllOf(node);
  const out: Obj = {};
  applyType(merged, out, deeper);
  for (const [key, kind] of Object.entries(PLAIN_KEYWORDS)) {
    if (jsonType(merged[key]) === kind) out[key] = merged[key];
  }
  applyBounds(merged, out);
  applyEnum(merged, out);
  if (typeof merged.format === "string" && typeof out.type === "string") {
    if (FORMATS[out.type]?.includes(merged.format)) out.format = merged.format;
  }
  applyObjectKeywords(merged, out, deeper);
  const items = Array.isArray(merged.items)
    ? merged.items[0]
    : merged.items ?? (Array.isArray(merged.prefixItems) ? merged.prefixItems[0] : undefined);
  if (isObject(items)) out.items = sanitizeNode(items, deeper);
  return out;
}

function inlineRef(node: Obj, ref: string, walk: Walk): Obj {
  const target = resolvePointer(walk.root, ref);
  if (target === undefined || walk.expanding.includes(ref)) {
    // A cycle (or a reference we cannot resolve): Gemini has no recursion, so stop here.
    const out: Obj = { type: "object" };
    const description = node.description ?? (isObject(target) ? target.description : undefined);
    if (typeof description === "string") out.description = description;
    return out;
  }
  const { $ref: _ref, ...siblings } = node;
  const combined = isObject(target) ? { ...target, ...siblings } : siblings;
  return sanitizeNode(combined, { ...walk, expanding: [...walk.expanding, ref] });
}

function applyType(node: Obj, out: Obj, walk: Walk): void {
  const union = [...asArray(node.anyOf), ...asArray(node.oneOf)];
  const rawTypes = Array.isArray(node.type)
    ? node.type
    : node.type === undefined
    ? []
    : [node.type];
  const types = rawTypes.filter((t): t is string => typeof t === "string")
    .map((t) => t.toLowerCase()).filter((t) => TYPES.has(t));
  const nonNull = types.filter((t) => t !== "null");
  if (types.includes("null") && nonNull.length > 0) out.nullable = true;
  if (nonNull.length === 1) out.type = nonNull[0];
  else if (nonNull.length > 1) {
    out.anyOf = nonNull.map((t) => ({ type: t }));
  } else if (types.length === 1) out.type = "null";
  if (union.length === 0) return;
  const variants = union.filter((v) => !(isObject(v) && v.type === "null"));
  if (variants.length < union.length) out.nullable = true;
  const sanitized = variants.map((v) => sanitizeNode(v, walk));
  if (sanitized.length === 1) {
    Object.assign(out, sanitized[0], out.nullable ? { nullable: true } : {});
  } else if (sanitized.length > 1) out.anyOf = sanitized;
}

function applyBounds(node: Obj, out: Obj): void {
  // 2020-12 style: the bound is the number itself. Draft-4 style (boolean) keeps min/max.
  if (typeof node.exclusiveMinimum === "number") out.minimum = node.exclusiveMinimum;
  if (typeof node.exclusiveMaximum === "number") out.maximum = node.exclusiveMaximum;
}

function applyEnum(node: Obj, out: Obj): void {
  const values = node.const !== undefined ? [node.const] : node.enum;
  if (!Array.isArray(values) || values.length === 0) return;
  // Gemini enums are string-only; an enum over numbers or objects is dropped, not coerced.
  if (!values.every((v) => typeof v === "string")) return;
  out.enum = values;
  if (out.type === undefined) out.type = "string";
}

function applyObjectKeywords(node: Obj, out: Obj, walk: Walk): void {
  if (!isObject(node.properties)) return;
  const properties: Obj = {};
  for (const [name, value] of Object.entries(node.properties)) {
    properties[name] = sanitizeNode(value === true ? {} : value, walk);
  }
  const names = Object.keys(properties);
  if (names.length === 0) return; // Gemini rejects an OBJECT with an empty `properties` map
  out.properties = properties;
  if (out.type === undefined) out.type = "object";
  if (Array.isArray(node.required)) {
    const required = node.required.filter((r) => typeof r === "string" && names.includes(r));
    if (required.length > 0) out.required = required;
  }
  if (Array.isArray(node.propertyOrdering)) out.propertyOrdering = node.propertyOrdering;
}

/** `allOf` folded into its parent: properties and required lists are unioned. */
function mergeAllOf(node: Obj): Obj {
  const parts = asArray(node.allOf).filter(isObject);
  if (parts.length === 0) return node;
  const { allOf: _allOf, ...rest } = node;
  let out: Obj = {};
  for (const part of [...parts, rest]) {
    const properties = { ...(out.properties as Obj ?? {}), ...(part.properties as Obj ?? {}) };
    const required = [...asArray(out.required), ...asArray(part.required)];
    out = { ...out, ...part };
    if (Object.keys(properties).length > 0) out.properties = properties;
    if (required.length > 0) out.required = [...new Set(required)];
  }
  return out;
}

function resolvePointer(root: Obj, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").filter((s) => s !== "")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function jsonType(value: unknown): string {
  return typeof value;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function schemaTooLarge(): GatewayError {
  return new GatewayError({
    status: 400,
    kind: "invalid_request",
    message: `a tool schema expands to more than ${MAX_SCHEMA_NODES} nodes once its $refs are ` +
      "inlined for Gemini (the gateway's schema size limit)",
    param: "tools",
    local: true,
  });
}
