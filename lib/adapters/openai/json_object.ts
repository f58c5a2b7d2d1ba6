/**
 * The one shape check upstream JSON needs everywhere in this adapter.
 *
 * @module
 */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
