/**
 * Answers from middleware, which runs before the pipeline knows the entry: the request path
 * picks the protocol so a refused client still gets an error it can parse.
 *
 * @module
 */
import { anthropicEntry } from "../../protocols/anthropic/client/mod.ts";
import type { Entry } from "../../protocols/entry.ts";
import { geminiEntry } from "../../protocols/gemini/client/mod.ts";
import { openaiEntry } from "../../protocols/openai/client/mod.ts";
import { responsesEntry } from "../../protocols/openai_responses/client/mod.ts";
import type { GatewayError } from "../../ir/error.ts";
import { matchEntry } from "../entries.ts";
import { errorResponse } from "../error_response.ts";

/**
 * The protocol a path belongs to, also for paths no endpoint answers (a 404, a refused request):
 * every response from every path is in the caller's protocol shape.
 */
export function entryForPath(pathname: string): Entry {
  const match = matchEntry(pathname);
  if (match) return match.entry;
  if (/^(\/v1)?\/messages(\/|$)/.test(pathname)) return anthropicEntry;
  if (/^\/(v1beta|v1alpha)(\/|$)/.test(pathname) || /^\/v1\/models\/[^/]+:/.test(pathname)) {
    return geminiEntry;
  }
  if (/^(\/v1)?\/responses(\/|$)/.test(pathname)) return responsesEntry;
  return openaiEntry;
}

/** True for the paths where Gemini clients put their key in `x-goog-api-key` or `?key=`. */
export function isGeminiPath(pathname: string): boolean {
  return entryForPath(pathname) === geminiEntry;
}

/** True for the four model endpoints, the ones limits apply to. */
export function isModelRequest(request: Request, pathname: string): boolean {
  return request.method === "POST" && matchEntry(pathname) !== undefined;
}

export function refuse(
  request: Request,
  error: GatewayError,
  headers: Record<string, string> = {},
): Response {
  return errorResponse(entryForPath(new URL(request.url).pathname), error, headers);
}
