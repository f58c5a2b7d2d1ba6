/**
 * An in-process gateway for the team-gateway unit tests: auth on, named keys, an upstream
 * (`up`, OpenAI-compatible, scripted) that reports fixed usage, the echo provider, a fake clock.
 *
 * @module
 */
import type { LoadedConfig } from "../../lib/config/load.ts";
import { createHandler } from "../../lib/server/handler.ts";
import { MemoryStore } from "../../lib/state/memory_store.ts";
import { loadPriceTable } from "../../lib/usage/price_table.ts";
import type { StateStore } from "../../lib/state/store.ts";
import type { GatewayLogger } from "../../lib/observability/gateway_logger.ts";
import { BASE_PROVIDERS, config, FakeClock, post } from "../ops/_support.ts";

export const ENV: Record<string, string> = {
  ALICE_KEY: "alice-key",
  OLD_KEY: "old-key",
  FERRYLLM_ADMIN_KEY: "the-admin-key",
};

export function teamConfig(extra = "", env: Record<string, string> = ENV): LoadedConfig {
  return config(
    `[auth]\nenabled = true\n${extra}\n${BASE_PROVIDERS}\n` +
      `[[routes]]\nmatch = "gpt-4o-mini"\nmatch_type = "exact"\nprovider = "up"\n` +
      `[[routes]]\nmatch = "*"\nprovider = "echo"\n`,
    env,
  );
}

export interface TestGateway {
  handler: (request: Request) => Promise<Response>;
  clock: FakeClock;
  store: StateStore;
  logs: { level: string; message: string; properties?: Record<string, unknown> }[];
}

/** `upstream` answers every call to the `up` provider. */
export function teamGateway(
  loaded: LoadedConfig,
  upstream: () => Response = () => new Response("no upstream in this test", { status: 500 }),
  options: { store?: StateStore; env?: Record<string, string>; clock?: FakeClock } = {},
): TestGateway {
  const clock = options.clock ?? new FakeClock(Date.parse("2026-03-10T12:00:00Z"));
  const store = options.store ?? new MemoryStore(10_000, clock.now);
  const logs: TestGateway["logs"] = [];
  const log: GatewayLogger = {
    debug: (message, properties) => logs.push({ level: "debug", message, properties }),
    info: (message, properties) => logs.push({ level: "info", message, properties }),
    warn: (message, properties) => logs.push({ level: "warn", message, properties }),
    error: (message, properties) => logs.push({ level: "error", message, properties }),
  };
  const env = options.env ?? ENV;
  const handler = createHandler({
    config: loaded,
    store,
    now: clock.now,
    log,
    env: (name) => env[name],
    fetch: () => Promise.resolve(upstream()),
  });
  return { handler, clock, store, logs };
}

export function send(
  gateway: TestGateway,
  path: string,
  key: string | undefined,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  return gateway.handler(
    post(path, { method, body: body === undefined ? undefined : JSON.stringify(body) }, headers),
  );
}

export function chatBody(model = "gpt-4o-mini", text = "hi") {
  return { model, messages: [{ role: "user", content: text }] };
}

/**
 * Lets the background usage writes land: the price table first (the first priced request after
 * startup loads it, see lib/usage/price_table.ts), then the writes queued behind it.
 */
export async function settle(): Promise<void> {
  await loadPriceTable();
  await new Promise((resolve) => setTimeout(resolve, 10));
}
