/**
 * The serving lifecycle behind `ferryllm serve`: configure logging, build the handler, listen,
 * reload on SIGHUP or a config file change, and drain on SIGTERM/SIGINT.
 * The runtime's own serve call is passed in by main.ts, the one file that knows the runtime.
 *
 * @module
 */
import { watch } from "node:fs";
import process from "node:process";
import { basename, dirname } from "node:path";
import type { LoadedConfig } from "../config/load.ts";
import { configureLogging } from "../observability/logger.ts";
import type { GatewayLogger } from "../observability/gateway_logger.ts";
import { createHandler, type FetchHandler } from "../server/handler.ts";
import { VERSION } from "../version.ts";
import { openStateStore } from "../state/create_store.ts";
import { describeChanges } from "./config_changes.ts";
import { announceStartup, startupSummary } from "./startup_summary.ts";
import type { ReloadOutcome } from "../dashboard/mod.ts";

/** A started server as main.ts reports it back. */
export interface ServerHandle {
  /** The bound port (useful with port 0). */
  port: number;
  /** Stops accepting and resolves once in-flight requests have finished. */
  shutdown(): Promise<void>;
}

export type ServeFunction = (
  handler: FetchHandler,
  hostname: string,
  port: number,
  limits?: ConnectionLimits,
) => Promise<ServerHandle>;

/** Connection-level limits the runtime enforces where it can (see docs/security.md). */
export interface ConnectionLimits {
  /** Longest a client may take to send its request headers (Bun; Deno's server has no knob). */
  headerTimeoutSecs?: number;
}

export interface GatewayOptions {
  loaded: LoadedConfig;
  listen: string;
  reload: () => LoadedConfig;
  configPath?: string;
  serve: ServeFunction;
  /** Reads `[auth] api_keys_env`; defaults to the process environment. */
  env?: (name: string) => string | undefined;
}

/** Editors save in bursts (write, rename, chmod): one reload per burst. */
const WATCH_DEBOUNCE_MS = 300;

export function parseListen(listen: string): { hostname: string; port: number } {
  const at = listen.lastIndexOf(":");
  const host = listen.slice(0, at).replace(/^\[(.*)\]$/, "$1");
  const port = Number(listen.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--listen must be HOST:PORT, got "${listen}"`);
  }
  return { hostname: host, port };
}

/** Serves until SIGTERM/SIGINT, then drains; resolves with the exit code. */
export async function startGateway(options: GatewayOptions): Promise<number> {
  let current = options.loaded;
  let draining = false;
  let loadedAt = Date.now();
  const log = configureLogging(current.config.logging);
  const { hostname, port } = parseListen(options.listen);
  const env = options.env ?? ((name: string) => process.env[name]);
  const state = await openStateStore(current.config.state, env, log);
  const handler = createHandler({
    config: () => current,
    store: state.store,
    log,
    isDraining: () => draining,
    env,
    listenHost: hostname,
    observation: {
      control: {
        reload: options.configPath ? () => reload("dashboard") : undefined,
        configLoadedAt: () => loadedAt,
      },
    },
  });
  const server = await options.serve(handler, hostname, port, {
    headerTimeoutSecs: current.config.server.header_timeout_secs,
  });
  log.info("config loaded", {
    source: current.source,
    routes: current.config.routes.length,
    providers: current.config.providers.length,
  });
  log.info(`ferryllm ${VERSION} listening on http://${hostname}:${server.port}`, {
    version: VERSION,
    address: `${hostname}:${server.port}`,
  });
  announceStartup(
    startupSummary(current, hostname, server.port, env),
    current.config.logging.format,
    log,
  );

  const reload = (trigger: string): ReloadOutcome => {
    try {
      const next = options.reload();
      const changes = describeChanges(current, next);
      current = next; // new requests only; in-flight ones keep the runtime they started with
      loadedAt = Date.now();
      configureLogging(next.config.logging);
      log.info("config reloaded", {
        trigger,
        source: next.source,
        changes: changes.length > 0 ? changes.join("; ") : "none",
      });
      return {
        ok: true,
        message: `config reloaded from ${next.source}: ${changes.length} change(s)`,
        changes,
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.error("config reload refused, keeping the running config", { trigger, reason });
      return { ok: false, message: `reload refused, running config kept: ${reason}` };
    }
  };
  const stopWatching = options.configPath
    ? watchConfig(options.configPath, () => reload("file changed"), log)
    : () => {};
  const onHup = () => reload("SIGHUP");
  listen("SIGHUP", onHup);

  const onTerm = () => stopRequested("SIGTERM");
  const onInt = () => stopRequested("SIGINT");
  let stopRequested: (name: string) => void = () => {};
  const signal = await new Promise<string>((resolve) => {
    stopRequested = resolve;
    listen("SIGTERM", onTerm);
    listen("SIGINT", onInt);
  });
  draining = true;
  stopWatching();
  unlisten("SIGHUP", onHup);
  // A second signal while draining ends the process at once (the operator insists).
  stopRequested = () => process.exit(0);
  const graceSecs = current.config.server.graceful_shutdown_secs;
  log.info("shutting down: draining in-flight requests", { signal, graceSecs });
  const drained = await drain(server, graceSecs * 1000);
  await handler.tracing.close().catch(() => {}); // the last spans, sent before exit
  log.info(drained ? "shutdown complete" : "drain timeout reached, exiting", { signal });
  await state.close();
  unlisten("SIGTERM", onTerm);
  unlisten("SIGINT", onInt);
  return 0;
}

/** Stops accepting and waits for in-flight work, at most `graceMs`. True when it all finished. */
async function drain(server: ServerHandle, graceMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  const finished = server.shutdown().then(() => true, () => true);
  const result = await Promise.race([finished, timeout]);
  clearTimeout(timer);
  return result;
}

/**
 * Watches the config file's directory, not the file: editors and `kubectl` ConfigMap updates
 * replace the file by renaming, which a watch on the old file would miss.
 */
function watchConfig(path: string, onChange: () => void, log: GatewayLogger): () => void {
  const name = basename(path);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const watcher = watch(dirname(path), (_event, file) => {
      if (
        file !== null && file !== undefined && !String(file).includes(name) && file !== "..data"
      ) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(onChange, WATCH_DEBOUNCE_MS);
    });
    return () => {
      clearTimeout(timer);
      watcher.close();
    };
  } catch (error) {
    log.warn("cannot watch the config file; reload with SIGHUP instead", {
      path,
      reason: error instanceof Error ? error.message : String(error),
    });
    return () => {};
  }
}

/** Signal listeners, skipped where a signal does not exist (SIGHUP on Windows). */
function listen(signal: NodeJS.Signals, handler: () => void): void {
  try {
    process.on(signal, handler);
  } catch {
    // Not supported on this platform.
  }
}

function unlisten(signal: NodeJS.Signals, handler: () => void): void {
  try {
    process.off(signal, handler);
  } catch {
    // Not supported on this platform.
  }
}
