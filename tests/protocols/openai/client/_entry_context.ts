/**
 * Shared fixtures for the OpenAI entry tests.
 *
 * @module
 */
import type { EntryContext, EntryRequestInfo } from "../../../../lib/protocols/entry.ts";
import type { IrRequest } from "../../../../lib/ir/request.ts";

export const INFO: EntryRequestInfo = {
  url: new URL("http://127.0.0.1/v1/chat/completions"),
  headers: new Headers(),
  params: {},
};

export function entryContext(overrides: Partial<EntryContext> = {}): EntryContext {
  const request: IrRequest = {
    model: "gpt-client",
    system: [],
    messages: [],
    tools: [],
    stream: true,
  };
  return {
    newId: (prefix) => `${prefix}id`,
    now: () => 1_700_000_123_456,
    clientModel: "gpt-client",
    request,
    wire: { includeUsage: true },
    responseId: "chatcmpl-ferry1",
    upstreamProtocol: "anthropic",
    ...overrides,
  };
}
