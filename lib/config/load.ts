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
import { type Config, configSchema, type ProviderConfig } from "./schema.ts";
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
  apiKey?: string;
}

export interface LoadedConfig {
  config: Config;
  source: string;
  providers: Map<string, ResolvedProvider>;
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
  const config = result.data;
  const problems = crossCheck(config);
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
    if (!names.has(r.provider)) {
      problems.push(`routes[${i}].provider: unknown provider "${r.provider}"`);
    }
    r.fallback_providers.forEach((f, j) => {
      if (!names.has(f)) {
        problems.push(`routes[${i}].fallback_providers[${j}]: unknown provider "${f}"`);
      }
    });
    const key = `${r.match_type}:${r.match}`;
    if (seen.has(key)) problems.push(`routes[${i}].match: duplicate route "${r.match}"`);
    seen.add(key);
  });
  problems.push(...crossCheckTeam(config));
  return problems;
}

/**
 * Resolves each provider's key. A routed provider whose key source is configured but empty
 * (unset env var, unreadable file) fails start-up: better than 401s at the first request.
 */
export function resolveProviders(config: Config, source: string, io: ConfigEnv): LoadedConfig {
  const routed = new Set(config.routes.flatMap((r) => [r.provider, ...r.fallback_providers]));
  const problems: string[] = [];
  const providers = new Map<string, ResolvedProvider>();
  config.providers.forEach((p, i) => {
    let apiKey: string | undefined = p.api_key;
    if (p.api_key_env) {
      apiKey = io.env(p.api_key_env)?.trim() || undefined;
      if (!apiKey && routed.has(p.name)) {
        problems.push(
          `providers[${i}].api_key_env: environment variable ${p.api_key_env} is not set`,
        );
      }
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
    providers.set(p.name, { ...p, apiKey });
  });
  if (problems.length > 0) throw new ConfigError(source, problems);
  return { config, source, providers };
}

/** Convenience: text → fully loaded config. */
export function loadConfig(tomlText: string, source: string, io: ConfigEnv): LoadedConfig {
  return resolveProviders(parseConfig(tomlText, source), source, io);
}
