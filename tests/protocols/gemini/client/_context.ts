import type { EntryContext, EntryRequestInfo } from "../../../../lib/protocols/entry.ts";
import { geminiEntry } from "../../../../lib/protocols/gemini/client/mod.ts";
import type { DecodedRequest } from "../../../../lib/protocols/entry.ts";

export const FIXTURES = new URL("../../../fixtures/gemini/", import.meta.url);

export function fixtureJson(name: string): unknown {
  return JSON.parse(Deno.readTextFileSync(new URL(name, FIXTURES)));
}

export function requestInfo(
  model: string,
  action = "streamGenerateContent",
  query = action === "streamGenerateContent" ? "?alt=sse" : "",
  version = "v1beta",
): EntryRequestInfo {
  return {
    url: new URL(`http://127.0.0.1/${version}/models/${model}:${action}${query}`),
    headers: new Headers({ "x-goog-api-key": "k" }),
    params: { model, action },
  };
}

export function decode(body: unknown, info = requestInfo("gemini-2.5-flash")): DecodedRequest {
  return geminiEntry.decodeRequest(body, info);
}

export function entryContext(
  decoded: DecodedRequest,
  overrides: Partial<EntryContext> = {},
): EntryContext {
  let n = 0;
  return {
    newId: (prefix) => `${prefix}${++n}`,
    now: () => 1_767_225_600_000,
    clientModel: decoded.ir.model,
    request: decoded.ir,
    wire: decoded.wire,
    responseId: "resp_test",
    upstreamProtocol: "anthropic",
    ...overrides,
  };
}
