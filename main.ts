#!/usr/bin/env -S deno run --allow-net --allow-env --allow-read --allow-sys
/**
 * ferryllm's command line: the only impure entry point. It reads argv, env and files, builds
 * the fetch handler, and serves it with the runtime it finds itself on (Deno or Bun).
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import process from "node:process";
import { parseArgs } from "node:util";
import { describeConfig } from "./lib/cli/describe_config.ts";
import { routeCommand } from "./lib/cli/route_command.ts";
import { ConfigError, loadConfig, type LoadedConfig, resolveProviders } from "./lib/config/load.ts";
import { DEFAULT_CONFIG_SOURCE, defaultConfig } from "./lib/config/default_config.ts";
import { type ServeFunction, startGateway } from "./lib/cli/start_gateway.ts";
import { VERSION } from "./lib/version.ts";

const HELP = `ferryllm ${VERSION}: one gateway, four LLM protocols

usage:
  ferryllm serve [--config FILE] [--listen HOST:PORT]
  ferryllm check-config [--config FILE]
  ferryllm route [--config FILE] --body FILE.json [--protocol P] [--model M] [--header "k: v"] [--json]
  ferryllm version
  ferryllm --help

With no --config, ./ferryllm.toml is used when present, else a built-in default: providers
from OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY routed by model family, and the
offline "echo" provider for every other model.
`;

const io = {
  env: (name: string) => process.env[name],
  readFile: (path: string) => readFileSync(path, "utf8"),
};

/** Loads the config the flags point at; exported so reloads read it the same way. */
export function loadFromDisk(configPath: string | undefined): LoadedConfig {
  const path = configPath ?? (existsSync("ferryllm.toml") ? "ferryllm.toml" : undefined);
  if (!path) return resolveProviders(defaultConfig(io.env), DEFAULT_CONFIG_SOURCE, io);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(path, [
      `cannot read file: ${error instanceof Error ? error.message : error}`,
    ]);
  }
  return loadConfig(text, path, io);
}

/** The one place that knows which runtime it is on. */
const serveOnRuntime: ServeFunction = (handler, hostname, port) => {
  const bun = (globalThis as { Bun?: BunLike }).Bun;
  if (bun) {
    // idleTimeout 0: long streams with quiet gaps must not be cut by the runtime.
    const server = bun.serve({ hostname, port, fetch: handler, idleTimeout: 0 });
    return Promise.resolve({ port: server.port, shutdown: () => server.stop(false) });
  }
  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname,
      port,
      onListen: ({ port }) => resolve({ port, shutdown: () => server.shutdown() }),
    }, handler);
  });
};

interface BunLike {
  serve(options: {
    hostname: string;
    port: number;
    fetch: (request: Request) => Promise<Response>;
    idleTimeout: number;
  }): { port: number; stop(closeActive: boolean): Promise<void> };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: "string", short: "c" },
      listen: { type: "string", short: "l" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "V" },
      body: { type: "string" },
      protocol: { type: "string" },
      model: { type: "string" },
      header: { type: "string", multiple: true },
      json: { type: "boolean" },
    },
  });
  const command = positionals[0] ?? (values.version ? "version" : values.help ? "help" : "help");
  switch (command) {
    case "version":
      console.log(`ferryllm ${VERSION}`);
      return 0;
    case "help":
      console.log(HELP);
      return 0;
    case "check-config": {
      const loaded = loadFromDisk(values.config);
      console.log(describeConfig(loaded));
      console.log("\nconfig OK");
      return 0;
    }
    case "route": {
      if (!values.body) throw new Error("route needs --body FILE.json (a request body)");
      console.log(routeCommand(loadFromDisk(values.config), {
        bodyText: readFileSync(values.body, "utf8"),
        protocol: values.protocol,
        model: values.model,
        headers: values.header,
        json: values.json,
      }));
      return 0;
    }
    case "serve": {
      const loaded = loadFromDisk(values.config);
      return await startGateway({
        loaded,
        listen: values.listen ?? loaded.config.server.listen,
        reload: () => loadFromDisk(values.config),
        configPath: values.config ??
          (loaded.source === DEFAULT_CONFIG_SOURCE ? undefined : loaded.source),
        serve: serveOnRuntime,
        env: io.env,
      });
    }
    default:
      console.error(`unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

if (import.meta.main) {
  try {
    process.exitCode = await main(process.argv.slice(2));
    // After a drain, open upstream sockets or timers must not keep the process alive.
    if (process.argv[2] === "serve") process.exit(process.exitCode);
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(`ferryllm: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
