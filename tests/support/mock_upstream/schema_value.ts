/**
 * Builds a value that conforms to a JSON schema (or Gemini's OpenAPI subset with upper-case
 * types), so JSON-mode requests and tool calls get arguments a strict client accepts.
 *
 * @module
 */

type Schema = Record<string, unknown>;

/** What a string property gets; Gemini CLI's router accepts "flash" as its model choice. */
export const SCHEMA_STRING = "flash";

/** A value conforming to `schema`: required (or, without `required`, all) object properties. */
export function schemaValue(schema: unknown, root: unknown = schema, depth = 0): unknown {
  if (!isSchema(schema) || depth > 8) return null;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const ref = typeof schema.$ref === "string" ? resolveRef(root, schema.$ref) : undefined;
  if (ref) return schemaValue(ref, root, depth + 1);
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      return schemaValue(options[0], root, depth + 1);
    }
  }
  switch (schemaType(schema)) {
    case "object":
      return objectValue(schema, root, depth);
    case "array":
      return arrayValue(schema, root, depth);
    case "string":
      return SCHEMA_STRING;
    case "integer":
    case "number":
      return typeof schema.minimum === "number" && schema.minimum > 1 ? schema.minimum : 1;
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return isSchema(schema.properties) ? objectValue(schema, root, depth) : null;
  }
}

/** Tool arguments: the schema's required properties, with `strings` for string values. */
export function argumentsFor(schema: unknown, strings: string): Record<string, unknown> {
  if (!isSchema(schema) || !isSchema(schema.properties)) return { city: strings };
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  const args: Record<string, unknown> = {};
  for (const name of required) {
    const property = schema.properties[name];
    args[name] = schemaType(property) === "string" && !hasEnum(property)
      ? strings
      : schemaValue(property, schema);
  }
  return args;
}

function objectValue(schema: Schema, root: unknown, depth: number): Record<string, unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const names = Array.isArray(schema.required)
    ? schema.required.map(String)
    : Object.keys(properties);
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = schemaValue(properties[name], root, depth + 1);
  return out;
}

function arrayValue(schema: Schema, root: unknown, depth: number): unknown[] {
  const count = typeof schema.minItems === "number" ? schema.minItems : 0;
  return Array.from({ length: count }, () => schemaValue(schema.items, root, depth + 1));
}

function schemaType(schema: unknown): string | undefined {
  if (!isSchema(schema)) return undefined;
  const type = Array.isArray(schema.type)
    ? schema.type.find((t) => String(t).toLowerCase() !== "null") ?? schema.type[0]
    : schema.type;
  return typeof type === "string" ? type.toLowerCase() : undefined;
}

function hasEnum(schema: unknown): boolean {
  return isSchema(schema) && Array.isArray(schema.enum) && schema.enum.length > 0;
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    node = isSchema(node) ? node[part] : undefined;
  }
  return node;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
