#!/usr/bin/env -S deno run --allow-net --allow-env --allow-read --allow-write --allow-sys
/**
 * ferryllm's command line: the only impure entry point. It reads argv, env and files, builds
 * the fetch handler, and serves it with the runtime it finds itself on (Deno or Bun).
 * Subcommands are rows of `COMMANDS`; `lib/cli/command.ts` gives each one `--help` and refuses
 * unknown flags with the usage and exit code 2.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import process from "node:process";
import { describeConfig } from "./lib/cli/describe_config.ts";
import { routeCommand } from "./lib/cli/route_command.ts";
import { ConfigError, loadConfig, type LoadedConfig, resolveProviders } from "./lib/config/load.ts";
import { DEFAULT_CONFIG_SOURCE, defaultConfig } from "./lib/config/default_config.ts";
import { type ServeFunction, startGateway } from "./lib/cli/start_gateway.ts";
import { type Command, programHelp, runCommandLine } from "./lib/cli/command.ts";
import { DEFAULT_HEALTHCHECK_URL, probeHealth } from "./lib/cli/healthcheck.ts";
import { buildInfo, runtimeName } from "./lib/build_info.ts";
import { initCommand } from "./lib/cli/init/init_command.ts";
import { mockUpstreamCommand } from "./lib/cli/mock_upstream/command.ts";
import { loadtestCommand } from "./lib/cli/loadtest/command.ts";
import { VERSION } from "./lib/version.ts";

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
const serveOnRuntime: ServeFunction = (handler, hostname, port, limits = {}) => {
  const bun = (globalThis as { Bun?: BunLike }).Bun;
  if (bun) {
    // Bun's idle timeout is the header deadline: a connection that never completes its headers
    // is closed after it. Once a request has arrived its own timeout is lifted, so long streams
    // with quiet gaps are never cut by the runtime (request_timeout_secs governs them).
    const idleTimeout = Math.min(255, Math.ceil(limits.headerTimeoutSecs ?? 0));
    const server = bun.serve({
      hostname,
      port,
      idleTimeout,
      fetch: (request, self) => {
        self.timeout(request, 0);
        return handler(request);
      },
    });
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
    fetch: (
      request: Request,
      server: { timeout(request: Request, seconds: number): void },
    ) => Promise<Response>;
    idleTimeout: number;
  }): { port: number; stop(closeActive: boolean): Promise<void> };
}

/** argv that starts this same ferryllm again: the compiled binary, or the runtime and this file. */
async function selfCommand(): Promise<string[]> {
  if (import.meta.url.includes("$bunfs")) return [process.execPath];
  // `deno run https://…/ferryllm.js` runs the same URL again; only a file URL is a path.
  // node:url loads here, not at startup: under Deno each node: module costs startup time.
  const script = import.meta.url.startsWith("file:")
    ? (await import("node:url")).fileURLToPath(import.meta.url)
    : import.meta.url;
  if ((globalThis as { Bun?: unknown }).Bun) return [process.execPath, script];
  return [Deno.execPath(), "run", "-A", script];
}

const CONFIG_FLAG = { config: { type: "string", short: "c" } } as const;
const CONFIG_DETAILS =
  `  -c, --config FILE     the config file (default: ./ferryllm.toml when present, else the
                        built-in default: providers from OPENAI_API_KEY / ANTHROPIC_API_KEY /
                        GEMINI_API_KEY routed by model family, "echo" for every other model)`;

const COMMANDS: Command[] = [
  {
    name: "serve",
    summary: "run the gateway until SIGTERM/SIGINT (then drain); SIGHUP reloads the config",
    usage: "serve [--config FILE] [--listen HOST:PORT]",
    details: `${CONFIG_DETAILS}
  -l, --listen HOST:PORT  overrides [server] listen (default 127.0.0.1:3000)`,
    options: { ...CONFIG_FLAG, listen: { type: "string", short: "l" } },
    async run(values) {
      const configPath = values.config as string | undefined;
      const loaded = loadFromDisk(configPath);
      return await startGateway({
        loaded,
        listen: (values.listen as string | undefined) ?? loaded.config.server.listen,
        reload: () => loadFromDisk(configPath),
        configPath: configPath ??
          (loaded.source === DEFAULT_CONFIG_SOURCE ? undefined : loaded.source),
        serve: serveOnRuntime,
        env: io.env,
      });
    },
  },
  {
    name: "check-config",
    summary: "validate a config and print its routes and provider endpoints (never a key)",
    usage: "check-config [--config FILE]",
    details: CONFIG_DETAILS,
    options: CONFIG_FLAG,
    run(values) {
      console.log(describeConfig(loadFromDisk(values.config as string | undefined)));
      console.log("\nconfig OK");
      return 0;
    },
  },
  {
    name: "route",
    summary: "say where a request body would be routed, and by which rule (no server needed)",
    usage:
      'route [--config FILE] --body FILE.json [--protocol P] [--model M] [--header "k: v"] [--json]',
    details: `${CONFIG_DETAILS}
      --body FILE.json   a request body in any of the four protocols
      --protocol P       openai, openai_responses, anthropic or gemini (default: guessed)
      --model M          the model, for Gemini bodies (their model is in the URL path)
      --header "k: v"    a client header, for header conditions (repeatable)
      --json             print the answer as JSON`,
    options: {
      ...CONFIG_FLAG,
      body: { type: "string" },
      protocol: { type: "string" },
      model: { type: "string" },
      header: { type: "string", multiple: true },
      json: { type: "boolean" },
    },
    run(values) {
      const body = values.body as string | undefined;
      if (!body) throw new Error("route needs --body FILE.json (a request body)");
      console.log(routeCommand(loadFromDisk(values.config as string | undefined), {
        bodyText: readFileSync(body, "utf8"),
        protocol: values.protocol as string | undefined,
        model: values.model as string | undefined,
        headers: values.header as string[] | undefined,
        json: values.json === true,
      }));
      return 0;
    },
  },
  initCommand,
  mockUpstreamCommand(serveOnRuntime),
  loadtestCommand(selfCommand),
  {
    name: "healthcheck",
    summary: "probe a running gateway's /healthz: exit 0 when healthy, 1 otherwise",
    usage: "healthcheck [--url URL] [--timeout SECONDS]",
    details: `      --url URL          what to probe (default ${DEFAULT_HEALTHCHECK_URL})
      --timeout SECONDS  give up after this long (default 3)`,
    options: { url: { type: "string" }, timeout: { type: "string" } },
    run(values) {
      const seconds = Number(values.timeout ?? 3);
      return probeHealth(
        (values.url as string | undefined) ?? DEFAULT_HEALTHCHECK_URL,
        Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 3000,
        (line) => console.error(line),
      );
    },
  },
  {
    name: "version",
    summary: "print the version, the commit and build date, and the runtime",
    usage: "version",
    run() {
      const info = buildInfo();
      console.log(
        `ferryllm ${info.version}\ncommit: ${info.commit}\nbuilt: ${info.buildDate}\n` +
          `runtime: ${runtimeName()}`,
      );
      return 0;
    },
  },
];

const HELP = programHelp(
  `ferryllm ${VERSION}: one gateway, four LLM protocols`,
  COMMANDS,
  `With no --config, ./ferryllm.toml is used when present, else a built-in default: providers
from OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY routed by model family, and the
offline "echo" provider for every other model.`,
);

if (import.meta.main) {
  try {
    process.exitCode = await runCommandLine(COMMANDS, process.argv.slice(2), HELP);
    // After a drain, open upstream sockets or timers must not keep the process alive.
    // mock-upstream and loadtest too: a hung request or the mock child must not hold the exit.
    if (["serve", "mock-upstream", "loadtest"].includes(process.argv[2])) {
      process.exit(process.exitCode);
    }
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(`ferryllm: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
