/**
 * Entry-side test helpers: an EntryContext and request info.
 *
 * @module
 */
import type { EntryContext, EntryRequestInfo } from "../../../../lib/protocols/entry.ts";
import type { IrRequest } from "../../../../lib/ir/request.ts";

export const INFO: EntryRequestInfo = {
  url: new URL("http://127.0.0.1/v1/messages?beta=true"),
  headers: new Headers({ "anthropic-version": "2023-06-01" }),
  params: {},
};

export function entryContext(request?: Partial<IrRequest>): EntryContext {
  return {
    newId: (prefix) => `${prefix}test`,
    now: () => 1_700_000_000_000,
    clientModel: "claude-opus-4-6",
    request: {
      model: "claude-opus-4-6",
      system: [],
      messages: [],
      tools: [],
      stream: true,
      ...request,
    },
    wire: {},
    responseId: "msg_gateway_1",
    upstreamProtocol: "openai",
  };
}
