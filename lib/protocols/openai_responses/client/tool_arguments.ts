/**
 * Function-call `arguments` (a JSON string on the Responses wire) → the IR's input object.
 *
 * @module
 */
import { invalidRequest } from "../../../ir/error.ts";
import { isObject } from "../../../json/fields.ts";

export function parseToolInputArgument(value: unknown, where: string): Record<string, unknown> {
  if (isObject(value)) return value;
  if (typeof value !== "string") throw invalidRequest(`${where}: expected a JSON string`);
  if (value.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidRequest(`${where}: not valid JSON`);
  }
  if (!isObject(parsed)) throw invalidRequest(`${where}: expected a JSON object`);
  return parsed;
}
