import assert from "node:assert/strict";
import { promptCacheHitRatio } from "../../lib/tokens/cache_ratio.ts";
import { ZERO_USAGE } from "../../lib/ir/usage.ts";

Deno.test("promptCacheHitRatio divides cache reads by all prompt tokens", () => {
  // OpenAI: prompt_tokens 1000 with cached_tokens 800.
  assert.equal(
    promptCacheHitRatio({ ...ZERO_USAGE, inputTokens: 1000, cacheReadTokens: 800 }),
    0.8,
  );
});

Deno.test("promptCacheHitRatio on Anthropic-derived usage counts writes and reads in the total", () => {
  // Anthropic input_tokens 50, cache_read 900, cache_creation 50 → IR inputTokens 1000.
  const usage = { ...ZERO_USAGE, inputTokens: 1000, cacheReadTokens: 900, cacheWriteTokens: 50 };
  assert.equal(promptCacheHitRatio(usage), 0.9);
});

Deno.test("promptCacheHitRatio is undefined without prompt tokens and never above 1", () => {
  assert.equal(promptCacheHitRatio(ZERO_USAGE), undefined);
  assert.equal(promptCacheHitRatio({ ...ZERO_USAGE, inputTokens: 10, cacheReadTokens: 20 }), 1);
  assert.equal(promptCacheHitRatio({ ...ZERO_USAGE, inputTokens: 10 }), 0);
});
