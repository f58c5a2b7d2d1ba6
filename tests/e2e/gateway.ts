/**
 * The gateway under test, in process: a TOML config routing every model to one mock provider,
 * loaded the way `ferryllm serve --config FILE` loads it, served with `Deno.serve` on an
 * ephemeral loopback port.
 *
 * @module
 */
import { loadConfig } from "../../lib/config/load.ts";
import { createHandler } from "../../lib/server/handler.ts";

export type UpstreamType = "openai" | "openai_responses" | "anthropic" | "gemini";

export interface RunningGateway {
  url: string;
  configPath: string;
  /** "METHOD /path?query" of every request the gateway received, in order. */
  received: string[];
  close(): Promise<void>;
}

/** The config file a user would write to put one upstream behind the gateway. */
export function singleUpstreamToml(type: UpstreamType, baseUrl: string): string {
  return [
    "[[providers]]",
    'name = "mock"',
    `type = "${type}"`,
    `base_url = "${baseUrl}"`,
    'api_key = "mock-upstream-key"',
    "",
    "[[routes]]",
    'match = "*"',
    'provider = "mock"',
    "",
  ].join("\n");
}

export async function startGateway(toml: string): Promise<RunningGateway> {
  const dir = await Deno.makeTempDir({ prefix: "ferryllm-e2e-config-" });
  const configPath = `${dir}/ferryllm.toml`;
  await Deno.writeTextFile(configPath, toml);
  const config = loadConfig(await Deno.readTextFile(configPath), configPath, {
    env: () => undefined,
    readFile: (path) => Deno.readTextFileSync(path),
  });
  const handler = createHandler({ config });
  const received: string[] = [];
  const { promise: listening, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => resolve(port) },
    (request) => {
      const { pathname, search } = new URL(request.url);
      received.push(`${request.method} ${pathname}${search}`);
      return handler(request);
    },
  );
  const port = await listening;
  return {
    url: `http://127.0.0.1:${port}`,
    configPath,
    received,
    close: async () => {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
