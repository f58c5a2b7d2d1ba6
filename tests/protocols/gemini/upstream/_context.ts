import type { AdapterContext } from "../../../../lib/protocols/adapter.ts";
import type { ProtocolId } from "../../../../lib/ir/content.ts";
import type { ResolvedProvider } from "../../../../lib/config/load.ts";

export const FIXTURES = new URL("../../../fixtures/gemini/", import.meta.url);

export function fixture(name: string): string {
  return Deno.readTextFileSync(new URL(name, FIXTURES));
}

export function adapterContext(
  overrides: { model?: string; clientProtocol?: ProtocolId; provider?: Partial<ResolvedProvider> } =
    {},
): AdapterContext {
  let n = 0;
  const model = overrides.model ?? "gemini-2.5-flash";
  return {
    provider: {
      name: "google",
      type: "gemini",
      base_url: "https://generativelanguage.googleapis.com",
      apiKey: "test-key",
      ...overrides.provider,
    } as ResolvedProvider,
    origin: { protocol: "gemini", provider: "google", model },
    clientHeaders: new Headers(),
    clientProtocol: overrides.clientProtocol ?? "anthropic",
    newId: (prefix) => `${prefix}${++n}`,
    now: () => 1_767_225_600_000,
  };
}
