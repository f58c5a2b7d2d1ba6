/**
 * The serving lifecycle behind `ferryllm serve`: build the handler, listen, and stop cleanly.
 * The runtime's own serve call is passed in by main.ts, the one file that knows the runtime.
 *
 * @module
 */
import type { LoadedConfig } from "../config/load.ts";
import { createHandler, type FetchHandler } from "../server/handler.ts";
import { VERSION } from "../version.ts";

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
) => Promise<ServerHandle>;

export interface GatewayOptions {
  loaded: LoadedConfig;
  listen: string;
  reload: () => LoadedConfig;
  configPath?: string;
  serve: ServeFunction;
}

export function parseListen(listen: string): { hostname: string; port: number } {
  const at = listen.lastIndexOf(":");
  const host = listen.slice(0, at).replace(/^\[(.*)\]$/, "$1");
  const port = Number(listen.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--listen must be HOST:PORT, got "${listen}"`);
  }
  return { hostname: host, port };
}

export async function startGateway(options: GatewayOptions): Promise<number> {
  const current = options.loaded;
  const handler = createHandler({ config: () => current });
  const { hostname, port } = parseListen(options.listen);
  const server = await options.serve(handler, hostname, port);
  console.log(
    `ferryllm ${VERSION} listening on http://${hostname}:${server.port} (config: ${current.source})`,
  );
  await new Promise<void>(() => {});
  return 0;
}
