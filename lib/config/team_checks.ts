/**
 * Cross-checks for the team-gateway tables (`[[keys]]`, `[[pricing]]`) that one key's schema
 * cannot see.
 *
 * @module
 */
import type { Config } from "./types.ts";

export function crossCheckTeam(config: Config): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  config.keys.forEach((k, i) => {
    if (names.has(k.name)) problems.push(`keys[${i}].name: duplicate key name "${k.name}"`);
    names.add(k.name);
  });
  if (config.keys.length > 0 && !config.auth.enabled) {
    problems.push("keys: [[keys]] are only checked with [auth] enabled = true");
  }
  const providers = new Set(config.providers.map((p) => p.name));
  config.pricing.forEach((p, i) => {
    if (p.provider !== undefined && !providers.has(p.provider)) {
      problems.push(`pricing[${i}].provider: unknown provider "${p.provider}"`);
    }
  });
  return problems;
}
