/**
 * Reads the tool results out of a request body as the upstream received it, per protocol. The
 * e2e tests use this to prove that the client's tool output crossed the gateway intact, not
 * just that the client printed something.
 *
 * @module
 */
import type { UpstreamType } from "./gateway.ts";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Every tool-result payload in the body, flattened to text. */
export function toolResultTexts(type: UpstreamType, body: unknown): string[] {
  if (!isObject(body)) return [];
  switch (type) {
    case "openai":
      return list(body.messages).filter((m) => isObject(m) && m.role === "tool")
        .map((m) => flatten((m as Json).content));
    case "anthropic":
      return list(body.messages).flatMap((m) => isObject(m) ? list(m.content) : [])
        .filter((b) => isObject(b) && b.type === "tool_result")
        .map((b) => flatten((b as Json).content));
    case "openai_responses":
      return list(body.input)
        .filter((i) =>
          isObject(i) && (i.type === "function_call_output" || i.type === "custom_tool_call_output")
        )
        .map((i) => flatten((i as Json).output));
    case "gemini":
      return list(body.contents).flatMap((c) => isObject(c) ? list(c.parts) : [])
        .filter((p) => isObject(p) && isObject(p.functionResponse))
        .map((p) => functionResponseText(((p as Json).functionResponse as Json).response));
    default: {
      const unknownType: never = type;
      throw new Error(`unknown upstream type ${unknownType}`);
    }
  }
}

/** Gemini's convention: `{output: "…"}` (or `content` / `result`) carries the text itself. */
function functionResponseText(response: unknown): string {
  if (isObject(response)) {
    for (const key of ["output", "content", "result"]) {
      if (typeof response[key] === "string") return response[key] as string;
    }
  }
  return flatten(response);
}

/** Strings as they are; text parts joined; anything else as JSON. */
function flatten(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    return value.map((part) =>
      isObject(part) && typeof part.text === "string" ? part.text : flatten(part)
    ).join("");
  }
  return JSON.stringify(value ?? null);
}
