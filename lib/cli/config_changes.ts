/**
 * What a reload changed, in words an operator can act on: routes and providers added, removed
 * or changed, and which settings sections moved. Never a key value: a provider whose key
 * changed says only "key changed".
 *
 * @module
 */
import type { LoadedConfig } from "../config/load.ts";

const SECTIONS = [
  "server",
  "logging",
  "auth",
  "metrics",
  "prompt_cache",
  "keys",
  "pricing",
] as const;

/** `[state]` settings a running gateway cannot switch: the store connection is made at start. */
const STATE_AT_START = ["backend", "url_env", "key_prefix"] as const;

export function describeChanges(before: LoadedConfig, after: LoadedConfig): string[] {
  const changes: string[] = [];
  const routeKey = (r: { match_type: string; match: string }) => `${r.match_type} ${r.match}`;
  diffBy(
    before.config.routes,
    after.config.routes,
    routeKey,
    (name, kind) => changes.push(`route ${name} ${kind}`),
  );
  diffBy(
    before.config.providers,
    after.config.providers,
    (p) => p.name,
    (name, kind) => changes.push(`provider ${name} ${kind}`),
  );
  for (const [name, provider] of after.providers) {
    const old = before.providers.get(name);
    if (old && old.apiKey !== provider.apiKey) changes.push(`provider ${name} key changed`);
  }
  for (const section of SECTIONS) {
    if (JSON.stringify(before.config[section]) !== JSON.stringify(after.config[section])) {
      changes.push(`[${section}] changed`);
    }
  }
  const state = [before.config.state, after.config.state];
  if (STATE_AT_START.some((field) => state[0][field] !== state[1][field])) {
    changes.push("[state] backend, url_env or key_prefix changed: restart to apply");
  } else if (JSON.stringify(state[0]) !== JSON.stringify(state[1])) {
    changes.push("[state] changed");
  }
  return changes;
}

function diffBy<T>(
  before: T[],
  after: T[],
  keyOf: (item: T) => string,
  report: (name: string, kind: "added" | "removed" | "changed") => void,
): void {
  const old = new Map(before.map((item) => [keyOf(item), JSON.stringify(item)]));
  const next = new Map(after.map((item) => [keyOf(item), JSON.stringify(item)]));
  for (const [name, text] of next) {
    if (!old.has(name)) report(name, "added");
    else if (old.get(name) !== text) report(name, "changed");
  }
  for (const name of old.keys()) if (!next.has(name)) report(name, "removed");
}
