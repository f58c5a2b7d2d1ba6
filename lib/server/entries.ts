/**
 * Client protocol → entry, and the paths each one answers on.
 *
 * @module
 */
import { type GatewayError, invalidRequest } from "../ir/error.ts";
import { anthropicEntry } from "../protocols/anthropic/client/mod.ts";
import type { Entry } from "../protocols/entry.ts";
import { geminiEntry } from "../protocols/gemini/client/mod.ts";
import { openaiEntry } from "../protocols/openai/client/mod.ts";
import { responsesEntry } from "../protocols/openai_responses/client/mod.ts";

export const ENTRIES = {
  openai: openaiEntry,
  openai_responses: responsesEntry,
  anthropic: anthropicEntry,
  gemini: geminiEntry,
} as const satisfies Record<string, Entry>;

export interface EntryMatch {
  entry: Entry;
  params: Record<string, string>;
  /** The path names this entry but cannot be read (bad percent-encoding): answer this error. */
  invalid?: GatewayError;
}

/** `POST` paths → entry. The `/v1`-less forms are what some SDKs use with a bare base URL. */
const FIXED: Record<string, Entry> = {
  "/v1/chat/completions": openaiEntry,
  "/chat/completions": openaiEntry,
  "/v1/messages": anthropicEntry,
  "/messages": anthropicEntry,
  "/v1/responses": responsesEntry,
  "/responses": responsesEntry,
};

// `@google/genai` 3.x calls /v1/models/…, Gemini CLI /v1beta/models/…; model names may hold `/`.
const GEMINI_PATH = /^\/(v1beta|v1|v1alpha)\/models\/(.+):(generateContent|streamGenerateContent)$/;

export function matchEntry(pathname: string): EntryMatch | undefined {
  const fixed = FIXED[pathname];
  if (fixed) return { entry: fixed, params: {} };
  const gemini = GEMINI_PATH.exec(pathname);
  if (gemini) {
    const model = decodeSegment(gemini[2]);
    if (model === undefined) {
      return {
        entry: geminiEntry,
        params: {},
        invalid: invalidRequest(
          "the model in the request path is not valid percent-encoded UTF-8",
          "model",
        ),
      };
    }
    return { entry: geminiEntry, params: { model, action: gemini[3] } };
  }
  return undefined;
}

function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined; // URIError: malformed escapes or bytes that are not UTF-8
  }
}
