/**
 * Config text → validated `Config`, with errors that name the file, the key path and the fault.
 *
 * Pure: the caller passes the text, the environment and a file reader, so this runs anywhere
 * and is tested without touching the disk.
 *
 * @module
 */
import { parse as parseToml, TomlError } from "smol-toml";
import type { z } from "zod";
import { routeProviders } from "../router/route_targets.ts";
import { type Config, configSchema, type ProviderConfig, type RouteConfig } from "./schema.ts";
import { crossCheckTeam } from "./team_checks.ts";

export class ConfigError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`${source}: invalid config\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** What the loader needs from the outside world. */
export interface ConfigEnv {
  env: (name: string) => string | undefined;
  readFile: (path: string) => string;
}

/** A provider with its key resolved. `apiKey` is undefined when no key source is configured. */
export interface ResolvedProvider extends ProviderConfig {
  /** The first (often only) key; the request path picks from `apiKeys` per attempt. */
  apiKey?: string;
  /**
   * Every key, in config order: several when `api_key_env` lists several variables. Absent
   * (providers built by hand) means just `apiKey`.
   */
  apiKeys?: string[];
}

export interface LoadedConfig {
  config: Config;
  source: string;
  providers: Map<string, ResolvedProvider>;
}

/**
 * `match = "claude-*"` reads like a glob and is what people write: on a prefix route a trailing
 * `*` means the prefix before it, so the route matches as its author meant instead of never.
 */
function withPlainPrefixes(config: Config): Config {
  const routes = config.routes.map((route) =>
    route.match_type === "prefix" && route.match !== "*" && route.match.endsWith("*")
      ? { ...route, match: route.match.replace(/\*+$/, "") }
      : route
  );
  return { ...config, routes };
}

/** A `*` anywhere else is not a wildcard: say so rather than route nothing to it. */
function globProblems(config: Config): string[] {
  return config.routes.flatMap((route, i) =>
    route.match !== "*" && route.match.includes("*")
      ? [
        `routes[${i}].match: "${route.match}": "*" is a wildcard only alone (every model) or ` +
        `at the end of a prefix ("claude-*"); use match_type = "prefix" with the part before it`,
      ]
      : []
  );
}

/** Parses and validates TOML text. Throws ConfigError listing every problem found. */
export function parseConfig(tomlText: string, source: string): Config {
  let raw: unknown;
  try {
    raw = parseToml(tomlText);
  } catch (error) {
    const detail = error instanceof TomlError ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(source, [`not valid TOML: ${detail}`]);
  }
  return validateConfig(raw, source);
}

/** Validates an already-parsed object (TOML or JSON) against the schema and cross-references. */
export function validateConfig(raw: unknown, source: string): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, result.error.issues.map(describeIssue));
  const config = withPlainPrefixes(result.data);
  const problems = [...globProblems(config), ...crossCheck(config)];
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")
    .replace(/^\./, "");
  if (issue.code === "unrecognized_keys") {
    const where = path ? `${path}: ` : "";
    return `${where}unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  }
  return `${path || "(top level)"}: ${issue.message}`;
}

function crossCheck(config: Config): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  config.providers.forEach((p, i) => {
    if (names.has(p.name)) {
      problems.push(`providers[${i}].name: duplicate provider name "${p.name}"`);
    }
    names.add(p.name);
  });
  const seen = new Set<string>();
  config.routes.forEach((r, i) => {
    if (r.provider !== undefined && !names.has(r.provider)) {
      problems.push(`routes[${i}].provider: unknown provider "${r.provider}"`);
    }
    r.targets?.forEach((t, j) => {
      if (!names.has(t.provider)) {
        problems.push(`routes[${i}].targets[${j}].provider: unknown provider "${t.provider}"`);
      }
    });
    r.fallback_providers.forEach((f, j) => {
      if (!names.has(f)) {
        problems.push(`routes[${i}].fallback_providers[${j}]: unknown provider "${f}"`);
      }
    });
    r.list_as?.forEach((name, j) => {
      if (!routeMatches(r, name)) {
        problems.push(`routes[${i}].list_as[${j}]: "${name}" does not match this route's match`);
      }
    });
    // Conditional routes are tried in file order, so several may share a match.
    if (r.when) return;
    const key = `${r.match_type}:${r.match}`;
    if (seen.has(key)) problems.push(`routes[${i}].match: duplicate route "${r.match}"`);
    seen.add(key);
  });
  problems.push(...crossCheckTeam(config));
  return problems;
}

/** Does a route's `match` take this model name (conditions aside)? */
export function routeMatches(route: RouteConfig, model: string): boolean {
  if (route.match === "*") return true;
  return route.match_type === "exact" ? model === route.match : model.startsWith(route.match);
}

/**
 * Resolves each provider's key. A routed provider whose key source is configured but empty
 * (unset env var, unreadable file) fails start-up: better than 401s at the first request.
 */
export function resolveProviders(config: Config, source: string, io: ConfigEnv): LoadedConfig {
  const routed = new Set(config.routes.flatMap(routeProviders));
  const problems: string[] = [];
  const providers = new Map<string, ResolvedProvider>();
  config.providers.forEach((p, i) => {
    let apiKey: string | undefined = p.api_key;
    let apiKeys: string[] | undefined;
    if (p.api_key_env !== undefined) {
      const single = typeof p.api_key_env === "string";
      const names = typeof p.api_key_env === "string" ? [p.api_key_env] : p.api_key_env;
      apiKeys = [];
      names.forEach((name, j) => {
        const key = io.env(name)?.trim();
        if (key) apiKeys!.push(key);
        else if (routed.has(p.name)) {
          const at = single ? "" : `[${j}]`;
          problems.push(
            `providers[${i}].api_key_env${at}: environment variable ${name} is not set`,
          );
        }
      });
      apiKey = apiKeys[0];
    } else if (p.api_key_file) {
      try {
        apiKey = io.readFile(p.api_key_file).trim() || undefined;
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        if (routed.has(p.name)) problems.push(`providers[${i}].api_key_file: cannot read: ${why}`);
      }
      if (!apiKey && routed.has(p.name) && problems.length === 0) {
        problems.push(`providers[${i}].api_key_file: file ${p.api_key_file} is empty`);
      }
    }
    providers.set(p.name, { ...p, apiKey, apiKeys: apiKeys ?? (apiKey ? [apiKey] : []) });
  });
  if (problems.length > 0) throw new ConfigError(source, problems);
  return { config, source, providers };
}

/** Convenience: text → fully loaded config. */
export function loadConfig(tomlText: string, source: string, io: ConfigEnv): LoadedConfig {
  return resolveProviders(parseConfig(tomlText, source), source, io);
}
