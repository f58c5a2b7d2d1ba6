/**
 * Gemini's OpenAPI-flavoured schemas → plain JSON Schema for the IR.
 *
 * Gemini `parameters` / `responseSchema` use uppercase types (`OBJECT`, `STRING`), `nullable`,
 * int64 bounds as strings and Gemini-only keys (`propertyOrdering`); Gemini CLI even sends
 * uppercase types inside `responseJsonSchema`. Other providers want lowercase JSON Schema, so
 * every schema a Gemini client sends goes through here. Keywords that are already JSON Schema
 * pass through unchanged.
 *
 * @module
 */
import type { JsonSchema } from "../../../ir/request.ts";
import { isObject, type JsonObject } from "../../../json/fields.ts";

const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SCHEMA_LISTS = ["anyOf", "oneOf", "allOf", "prefixItems"];
const SCHEMA_VALUES = ["items", "additionalProperties", "not", "if", "then", "else", "contains"];
const COUNTS = ["minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"];

export function openApiToJsonSchema(schema: unknown): JsonSchema {
  return isObject(schema) ? normalize(schema, 0) : {};
}

function normalize(node: JsonObject, depth: number): JsonObject {
  if (depth > 64) return {};
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "propertyOrdering" || key === "nullable") continue;
    if (key === "type") {
      const type = normalizeType(value);
      if (type !== undefined) out.type = type;
    } else if (key === "example") out.examples = [value];
    else if (COUNTS.includes(key) && typeof value === "string" && /^\d+$/.test(value)) {
      out[key] = Number(value); // int64 fields arrive as JSON strings
    } else if (SCHEMA_MAPS.includes(key) && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, isObject(v) ? normalize(v, depth + 1) : v]),
      );
    } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((v) => (isObject(v) ? normalize(v, depth + 1) : v));
    } else if (SCHEMA_VALUES.includes(key) && isObject(value)) {
      out[key] = normalize(value, depth + 1);
    } else out[key] = value;
  }
  if (node.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (out.type === undefined && Array.isArray(out.anyOf)) {
      out.anyOf = [...out.anyOf, { type: "null" }];
    }
  }
  return out;
}

function normalizeType(value: unknown): unknown {
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    return lower === "type_unspecified" ? undefined : lower;
  }
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v.toLowerCase() : v));
  return value;
}
