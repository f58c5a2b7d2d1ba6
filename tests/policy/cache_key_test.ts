import assert from "node:assert/strict";
import { applyPromptCacheKey, promptCacheKey } from "../../lib/policy/prompt_cache/cache_key.ts";
import { assistant, request, text, tool, user } from "./_requests.ts";

const base = request({ system: [text("You are X.")], tools: [tool("Read"), tool("Bash")] });

Deno.test("promptCacheKey is prefix-systemhash-toolshash", () => {
  assert.match(promptCacheKey("app", base), /^app-[0-9a-f]{12}-[0-9a-f]{12}$/);
});

Deno.test("promptCacheKey is identical across turns and ignores reasoning, ids and metadata", () => {
  const later = {
    ...base,
    messages: [user(text("q1")), assistant(text("a1")), user(text("q2"))],
    reasoning: { effort: "high" as const },
    metadata: { request_id: "r-123" },
    user: "someone",
    maxTokens: 999,
  };
  assert.equal(promptCacheKey("app", later), promptCacheKey("app", base));
});

Deno.test("promptCacheKey differs when the system text or the tools differ", () => {
  const key = promptCacheKey("app", base);
  const otherSystem = promptCacheKey("app", { ...base, system: [text("You are Y.")] });
  const otherTools = promptCacheKey("app", { ...base, tools: [tool("Read")] });
  assert.notEqual(otherSystem, key);
  assert.notEqual(otherTools, key);
  assert.equal(otherSystem.split("-")[2], key.split("-")[2], "tools part unchanged");
  assert.equal(otherTools.split("-")[1], key.split("-")[1], "system part unchanged");
});

Deno.test("promptCacheKey ignores tool key order and cache markers", () => {
  const reordered = base.tools.map((t) => ({
    inputSchema: t.inputSchema,
    name: t.name,
    description: t.description,
    cacheControl: { type: "ephemeral" as const },
  }));
  assert.equal(promptCacheKey("app", { ...base, tools: reordered }), promptCacheKey("app", base));
});

Deno.test("applyPromptCacheKey sets key and retention toward OpenAI and Responses", () => {
  const settings = { openai_prompt_cache_key: "app", openai_prompt_cache_retention: "24h" };
  for (const target of ["openai", "openai_responses"] as const) {
    const out = applyPromptCacheKey(
      { ...base, promptCache: { key: "client-key" } },
      target,
      settings,
    );
    assert.deepEqual(out.promptCache, { key: promptCacheKey("app", base), retention: "24h" });
  }
});

Deno.test("applyPromptCacheKey keeps the client's hints toward OpenAI when nothing is configured", () => {
  const ir = { ...base, promptCache: { key: "client-key", retention: "in_memory" } };
  assert.deepEqual(applyPromptCacheKey(ir, "openai", {}).promptCache, ir.promptCache);
  const retentionOnly = applyPromptCacheKey(ir, "openai", { openai_prompt_cache_retention: "24h" });
  assert.deepEqual(retentionOnly.promptCache, { key: "client-key", retention: "24h" });
  assert.equal(applyPromptCacheKey(base, "openai", {}).promptCache, undefined);
});

Deno.test("applyPromptCacheKey drops cache hints toward Anthropic and Gemini", () => {
  const ir = { ...base, promptCache: { key: "client-key" } };
  for (const target of ["anthropic", "gemini"] as const) {
    const out = applyPromptCacheKey(ir, target, { openai_prompt_cache_key: "app" });
    assert.equal("promptCache" in out, false);
  }
});
