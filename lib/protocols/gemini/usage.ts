/**
 * Gemini `usageMetadata` ⇄ IR usage.
 *
 * `promptTokenCount` already includes `cachedContentTokenCount`, like the IR's `inputTokens`;
 * `candidatesTokenCount` excludes `thoughtsTokenCount`, unlike the IR's `outputTokens`.
 *
 * @module
 */
import type { Usage } from "../../ir/usage.ts";
import type { GeminiUsageMetadata } from "./wire.ts";

export function decodeGeminiUsage(meta: GeminiUsageMetadata): Partial<Usage> {
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  const thoughts = n(meta.thoughtsTokenCount);
  return {
    // Tool-use prompt tokens (search results and the like) are billed as input.
    inputTokens: n(meta.promptTokenCount) + n(meta.toolUsePromptTokenCount),
    outputTokens: n(meta.candidatesTokenCount) + thoughts,
    cacheReadTokens: n(meta.cachedContentTokenCount),
    reasoningTokens: thoughts,
  };
}

export function encodeGeminiUsage(usage: Usage): GeminiUsageMetadata {
  const out: GeminiUsageMetadata = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - usage.reasoningTokens),
    totalTokenCount: usage.inputTokens + usage.outputTokens,
  };
  if (usage.cacheReadTokens > 0) out.cachedContentTokenCount = usage.cacheReadTokens;
  if (usage.reasoningTokens > 0) out.thoughtsTokenCount = usage.reasoningTokens;
  return out;
}
