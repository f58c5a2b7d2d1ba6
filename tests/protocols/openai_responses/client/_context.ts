import type {
  DecodedRequest,
  EntryContext,
  EntryRequestInfo,
} from "../../../../lib/protocols/entry.ts";
import type { ProtocolId } from "../../../../lib/ir/content.ts";

export const info: EntryRequestInfo = {
  url: new URL("http://127.0.0.1/v1/responses"),
  headers: new Headers(),
  params: {},
};

export function entryContext(
  decoded: DecodedRequest,
  upstreamProtocol: ProtocolId | "echo" = "anthropic",
): EntryContext {
  let n = 0;
  return {
    newId: (prefix) => `${prefix}${++n}`,
    now: () => 1_700_000_000_000,
    clientModel: decoded.ir.model,
    request: decoded.ir,
    wire: decoded.wire,
    responseId: "resp_gw1",
    upstreamProtocol,
  };
}

export const fixture = (path: string) =>
  Deno.readTextFileSync(new URL(`../../../fixtures/openai_responses/${path}`, import.meta.url));
