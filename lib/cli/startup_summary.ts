/**
 * What `ferryllm serve` says when it starts: where each route goes, which providers have keys,
 * where it listens and whether auth is on, so a first run explains itself. A listen address
 * beyond loopback with auth off gets a loud warning: anyone reaching the port spends the
 * provider keys.
 *
 * @module
 */
import type { LoadedConfig } from "../config/load.ts";

export interface StartupSummary {
  /** Plain lines for a terminal (text log format). */
  lines: string[];
  /** Problems a user should act on; empty when there are none. */
  warnings: string[];
}

/** True for addresses only this machine can reach. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function startupSummary(
  loaded: LoadedConfig,
  hostname: string,
  port: number,
  env: (name: string) => string | undefined,
): StartupSummary {
  const { config, providers } = loaded;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const lines = [`listening on http://${host}:${port} (config: ${loaded.source})`, "routes:"];
  const width = Math.max(...config.routes.map((r) => routePattern(r).length));
  for (const route of orderedRoutes(config.routes)) {
    const target = route.rewrite_model
      ? `${route.provider}/${route.rewrite_model}`
      : route.provider;
    const fallbacks = route.fallback_providers.length > 0
      ? ` (fallbacks: ${route.fallback_providers.join(", ")})`
      : "";
    lines.push(`  ${routePattern(route).padEnd(width)} → ${target}${fallbacks}`);
  }
  lines.push("providers:");
  for (const p of providers.values()) {
    const key = p.type === "echo"
      ? "built-in, answers locally, no key needed"
      : p.apiKey
      ? `key found${p.api_key_env ? ` (${p.api_key_env})` : ""}`
      : p.api_key_env
      ? `no key: ${p.api_key_env} is not set`
      : "no key configured";
    lines.push(`  ${p.name} (${p.type}): ${key}`);
  }
  const auth = config.auth;
  const keyCount = (env(auth.api_keys_env) ?? "").split(",").filter((k) => k.trim()).length;
  lines.push(
    auth.enabled
      ? `auth: on (${keyCount} gateway key${keyCount === 1 ? "" : "s"} in ${auth.api_keys_env})`
      : "auth: off (any caller that reaches the port is served)",
  );
  const warnings: string[] = [];
  if (!auth.enabled && !isLoopback(hostname)) {
    warnings.push(
      `listening on ${host}:${port} with auth OFF: anyone who can reach this port spends your ` +
        `provider keys. Set [auth] enabled = true with keys in ${auth.api_keys_env}, ` +
        `or listen on 127.0.0.1.`,
    );
  }
  if (auth.enabled && keyCount === 0) {
    warnings.push(`auth is on but ${auth.api_keys_env} holds no keys: every request is refused.`);
  }
  return { lines, warnings };
}

type Route = LoadedConfig["config"]["routes"][number];

function routePattern(route: Route): string {
  if (route.match === "*") return "*";
  return route.match_type === "exact" ? route.match : `${route.match}*`;
}

/** The order the router tries them: exact, then longest prefix, then the catch-all. */
function orderedRoutes(routes: Route[]): Route[] {
  const rank = (r: Route) => (r.match === "*" ? 2 : r.match_type === "exact" ? 0 : 1);
  return [...routes].sort((a, b) => rank(a) - rank(b) || b.match.length - a.match.length);
}

/**
 * Prints the summary: a plain block for text logs (a person is reading), one log record for
 * JSON logs (a shipper is reading). Warnings are log records either way, and in text mode
 * also a banner that is hard to miss.
 */
export function announceStartup(
  summary: StartupSummary,
  format: "text" | "json",
  log: {
    info(m: string, p?: Record<string, unknown>): void;
    warn(m: string, p?: Record<string, unknown>): void;
  },
  print: (text: string) => void = (text) => console.log(text),
  shout: (text: string) => void = (text) => console.error(text),
): void {
  if (format === "text") print(summary.lines.join("\n"));
  else log.info("startup summary", { summary: summary.lines.join("\n") });
  for (const warning of summary.warnings) {
    if (format === "text") {
      shout(`\n${"!".repeat(78)}\n!! WARNING: ${warning}\n${"!".repeat(78)}\n`);
    }
    log.warn(warning);
  }
}
