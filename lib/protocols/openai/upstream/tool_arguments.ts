/**
 * A tool call's `arguments` JSON string → the IR's input object.
 *
 * Models do emit broken arguments now and then. Failing the whole answer with a 502 would lose
 * the turn, so a non-object or invalid text is kept as `{"_raw": "<text>"}`: the client's tool
 * validation rejects it and the model can retry, and nothing the model said is lost.
 *
 * @module
 */
import { isObject } from "../../../json/fields.ts";

export function decodeToolArguments(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
  } catch {
    // Fall through to the raw form.
  }
  return { _raw: text };
}
