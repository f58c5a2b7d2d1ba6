/**
 * Token usage in one convention, converted at each wire edge.
 *
 * `inputTokens` counts every prompt token, cached or not (OpenAI's `prompt_tokens` convention);
 * `cacheReadTokens` and `cacheWriteTokens` are subsets of it. Anthropic's `input_tokens`
 * excludes both, so its codecs add or subtract them. `outputTokens` includes
 * `reasoningTokens`.
 *
 * @module
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export const ZERO_USAGE: Usage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
});

/** Later reports win field by field: upstreams send cumulative usage, sometimes partially. */
export function mergeUsage(base: Usage, update: Partial<Usage> | undefined): Usage {
  if (!update) return base;
  const out = { ...base };
  for (const key of Object.keys(out) as (keyof Usage)[]) {
    const value = update[key];
    if (typeof value === "number" && Number.isFinite(value)) out[key] = value;
  }
  return out;
}

/** Anthropic's `input_tokens`: the prompt tokens that were neither read from nor written to cache. */
export function uncachedInputTokens(usage: Usage): number {
  return Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
}
