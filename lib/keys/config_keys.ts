/**
 * `[[keys]]` from the config, resolved once per config generation: each key's SHA-256 (read
 * from `key_env`, or given as `key_sha256`) → the named key.
 *
 * @module
 */
import type { KeyConfig, KeyRules } from "../config/types.ts";
import type { NamedKey } from "./named_key.ts";
import { sha256Hex } from "./key_digest.ts";

export interface ConfigKeys {
  byDigest: Map<string, NamedKey>;
  /** Keys whose `key_env` is unset: they cannot be used (logged once per generation). */
  missing: { name: string; env: string }[];
}

export async function resolveConfigKeys(
  keys: KeyConfig[],
  env: (name: string) => string | undefined,
): Promise<ConfigKeys> {
  const byDigest = new Map<string, NamedKey>();
  const missing: ConfigKeys["missing"] = [];
  for (const key of keys) {
    let digest = key.key_sha256?.toLowerCase();
    if (key.key_env !== undefined) {
      const value = env(key.key_env)?.trim();
      if (!value) {
        missing.push({ name: key.name, env: key.key_env });
        continue;
      }
      digest = await sha256Hex(value);
    }
    byDigest.set(digest!, { name: key.name, rules: rulesOf(key), source: "config" });
  }
  return { byDigest, missing };
}

export function rulesOf(source: KeyRules): KeyRules {
  const rules: KeyRules = {};
  for (
    const field of [
      "models",
      "rate_limit_per_minute",
      "max_concurrent_requests",
      "budget_usd_per_day",
      "budget_usd_per_month",
      "budget_tokens_per_day",
      "expires_at",
    ] as const
  ) {
    if (source[field] !== undefined) (rules as Record<string, unknown>)[field] = source[field];
  }
  return rules;
}
