/**
 * One mock upstream and one gateway for the whole conformance run: a provider per upstream
 * protocol, all on the mock, and an exact route per provider ("to-<protocol>") that rewrites the
 * model to {@link UPSTREAM_MODEL} so every case can check the rewrite reached the upstream.
 *
 * @module
 */
import { loadConfig } from "../../lib/config/load.ts";
import type { ProtocolId } from "../../lib/ir/content.ts";
import { createHandler } from "../../lib/server/handler.ts";
import { type MockUpstream, startMockUpstream } from "../support/mock_upstream/mod.ts";

export const PROTOCOLS: readonly ProtocolId[] = [
  "openai",
  "openai_responses",
  "anthropic",
  "gemini",
];

/** The model every route rewrites to. */
export const UPSTREAM_MODEL = "up-model";

/** The client-side model name that routes to `upstream`. */
export function routeTo(upstream: ProtocolId): string {
  return `to-${upstream}`;
}

export interface Conformance {
  /** The gateway's base URL, no trailing slash. */
  url: string;
  mock: MockUpstream;
  close(): Promise<void>;
}

function configToml(mockUrl: string): string {
  return PROTOCOLS.map((p) => `
[[providers]]
name = "up_${p}"
type = "${p}"
base_url = "${mockUrl}"
api_key = "test"

[[routes]]
match = "${routeTo(p)}"
match_type = "exact"
provider = "up_${p}"
rewrite_model = "${UPSTREAM_MODEL}"
`).join("");
}

export async function startConformance(): Promise<Conformance> {
  const mock = await startMockUpstream();
  const config = loadConfig(configToml(mock.url), "conformance.toml", {
    env: () => undefined,
    readFile: () => "",
  });
  const handler = createHandler({ config });
  const { promise, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => resolve(port) },
    handler,
  );
  const port = await promise;
  return {
    url: `http://127.0.0.1:${port}`,
    mock,
    close: async () => {
      await server.shutdown();
      await mock.close();
    },
  };
}
