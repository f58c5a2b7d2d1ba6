/**
 * Both OpenAI drivers (Chat and Responses) read errors through the same SDK class.
 *
 * @module
 */
import { APIError } from "openai";

/** `{error:{message}}` → the message (the SDK's own `message` prefixes the status). */
export function openaiInnerMessage(e: unknown): string | undefined {
  if (e instanceof APIError) {
    const body = e.error as { message?: unknown } | undefined;
    if (typeof body?.message === "string") return body.message;
  }
  return undefined;
}
