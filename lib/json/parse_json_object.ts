/**
 * Tool-call arguments: JSON text on the OpenAI wires (`function.arguments`, Responses
 * `arguments`, streamed `tool_input_delta`s), an object in the IR. One parser, and one policy
 * per direction, chosen for what a user of the gateway needs when the text is broken:
 *
 * - **From a client** (a history the client sent): 400 naming the field. The text is the
 *   client's own; it can fix it, and a gateway that guessed would show the model a call it never
 *   made. `clientToolArguments`.
 * - **From an upstream** (the model's output, whole body or stream): never fail the turn. Text
 *   that is not a JSON object is kept as `{"_raw": "<text>"}`: a 502 would throw away the whole
 *   answer (its text, the other calls, the usage) for one malformed call, while `_raw` reaches
 *   the client's tool validation, which rejects it so the model can retry, and nothing the model
 *   said is lost. Body and stream give the same value (`collect` uses it too).
 *   `upstreamToolArguments`.
 *
 * Empty or blank text is `{}` in both directions: a call without arguments.
 *
 * @module
 */
import { fail, isObject, type JsonObject } from "./fields.ts";

export type JsonObjectResult =
  | { ok: true; value: JsonObject }
  | { ok: false; problem: "is not valid JSON" | "expected a JSON object" };

/** Parses `text` as one JSON object; blank text is the empty object. Never throws. */
export function parseJsonObject(text: string): JsonObjectResult {
  if (text.trim() === "") return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: "is not valid JSON" };
  }
  return isObject(value) ? { ok: true, value } : { ok: false, problem: "expected a JSON object" };
}

/** Arguments a client sent: a 400 at `path` when they are not a JSON object. */
export function clientToolArguments(text: string, path: string): JsonObject {
  const parsed = parseJsonObject(text);
  return parsed.ok ? parsed.value : fail(path, parsed.problem);
}

/** Arguments an upstream model produced: broken text is kept as `{"_raw": text}`, never an error. */
export function upstreamToolArguments(text: string): JsonObject {
  const parsed = parseJsonObject(text);
  return parsed.ok ? parsed.value : { _raw: text };
}
