/**
 * Anthropic `usage` ⇄ IR usage, both directions. Anthropic's `input_tokens` excludes cache
 * reads and writes; the IR's `inputTokens` counts every prompt token, so the three are added on
 * the way in and the cached ones subtracted on the way out.
 *
 * @module
 */
import { uncachedInputTokens, type Usage } from "../../ir/usage.ts";

/** The raw counters as last reported; later reports win field by field (they are cumulative). */
export interface AnthropicUsageCounters {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function readAnthropicUsage(
  raw: unknown,
  previous: AnthropicUsageCounters = {},
): AnthropicUsageCounters {
  if (typeof raw !== "object" || raw === null) return previous;
  const u = raw as Record<string, unknown>;
  return {
    input: count(u.input_tokens) ?? previous.input,
    output: count(u.output_tokens) ?? previous.output,
    cacheRead: count(u.cache_read_input_tokens) ?? previous.cacheRead,
    cacheWrite: count(u.cache_creation_input_tokens) ?? previous.cacheWrite,
  };
}

export function anthropicUsageToIr(counters: AnthropicUsageCounters): Usage {
  const cacheRead = counters.cacheRead ?? 0;
  const cacheWrite = counters.cacheWrite ?? 0;
  return {
    inputTokens: (counters.input ?? 0) + cacheRead + cacheWrite,
    outputTokens: counters.output ?? 0,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: 0,
  };
}

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export function encodeAnthropicUsage(usage: Usage): AnthropicUsage {
  return {
    input_tokens: uncachedInputTokens(usage),
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
  };
}
