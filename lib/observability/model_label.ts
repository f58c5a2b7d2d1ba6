/**
 * Bounded label values for model names. A client may send any string as a model, so labelling
 * metrics with it would let one client grow the registry without bound. Only names the config
 * mentions are used as they are; a name that reached a prefix route becomes `<prefix>*`, and
 * anything else `other`.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";

export type ModelLabeler = (model: string | undefined) => string;

const cache = new WeakMap<Config, ModelLabeler>();

export function modelLabeler(config: Config): ModelLabeler {
  const cached = cache.get(config);
  if (cached) return cached;
  const known = new Set<string>();
  for (const route of config.routes) {
    if (route.match_type === "exact" && route.match !== "*") known.add(route.match);
    if (route.rewrite_model) known.add(route.rewrite_model);
  }
  for (const provider of config.providers) {
    for (const model of provider.models ?? []) known.add(model);
  }
  // Longest prefix first, like the router.
  const prefixes = config.routes
    .filter((r) => r.match_type === "prefix" && r.match !== "*")
    .map((r) => r.match)
    .sort((a, b) => b.length - a.length);
  const label: ModelLabeler = (model) => {
    if (model === undefined || model === "") return "none";
    if (known.has(model)) return model;
    const prefix = prefixes.find((p) => model.startsWith(p));
    return prefix === undefined ? "other" : `${prefix}*`;
  };
  cache.set(config, label);
  return label;
}
