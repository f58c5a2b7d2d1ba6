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
import type { GatewayError } from "../../ir/error.ts";
import { matchEntry } from "../entries.ts";
import { errorResponse } from "../error_response.ts";

export function entryForPath(pathname: string): Entry {
  const match = matchEntry(pathname);
  if (match) return match.entry;
  if (pathname.endsWith("/messages/count_tokens")) return anthropicEntry;
  if (pathname.startsWith("/v1beta/")) return geminiEntry;
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

export function refuse(request: Request, error: GatewayError): Response {
  return errorResponse(entryForPath(new URL(request.url).pathname), error);
}
