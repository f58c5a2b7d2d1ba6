import type { AdapterContext } from "../../../../lib/protocols/adapter.ts";
import type { ProtocolId } from "../../../../lib/ir/content.ts";

export function adapterContext(clientProtocol: ProtocolId = "openai_responses"): AdapterContext {
  let n = 0;
  return {
    provider: {
      name: "oai",
      type: "openai_responses",
      base_url: "https://api.example.com/v1",
      apiKey: "sk-test",
      headers: { "openai-organization": "org-1" },
    } as AdapterContext["provider"],
    origin: { protocol: "openai_responses", provider: "oai", model: "gpt-5" },
    clientHeaders: new Headers(),
    clientProtocol,
    newId: (prefix) => `${prefix}${++n}`,
    now: () => 1_700_000_000_000,
  };
}

export const fixture = (path: string) =>
  Deno.readTextFileSync(new URL(`../../../fixtures/openai_responses/${path}`, import.meta.url));
