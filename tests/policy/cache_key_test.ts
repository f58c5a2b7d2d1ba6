import assert from "node:assert/strict";
import { applyPromptCacheKey, promptCacheKey } from "../../lib/policy/prompt_cache/cache_key.ts";
import { assistant, request, text, tool, user } from "./_requests.ts";
import { canonicalJson } from "../../lib/json/canonical_json.ts";
import { shortHash } from "../../lib/json/stable_hash.ts";

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

Deno.test("promptCacheKey follows every change of system or tools, whatever it saw before", () => {
  // The definition, computed from scratch every time.
  const expected = (ir: typeof base) =>
    `app-${shortHash(ir.system.map((b) => b.text).join("\n"))}-${
      shortHash(canonicalJson(ir.tools.map(({ cacheControl: _c, ...t }) => t)))
    }`;
  const described = (description: string) => ({
    ...base,
    tools: [{ ...tool("Read"), description }, tool("Bash")],
  });
  const seen: string[] = [];
  // More distinct tool lists than are remembered, each asked for twice, in two rounds.
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 100; i++) {
      const ir = described(`read a file, version ${i}`);
      assert.equal(promptCacheKey("app", ir), expected(ir));
      assert.equal(promptCacheKey("app", ir), expected(ir));
      if (round === 0) seen.push(promptCacheKey("app", ir));
    }
  }
  assert.equal(new Set(seen).size, 100, "a changed description changes the key");
  const system = { ...base, system: [text("You are Z.")] };
  assert.equal(promptCacheKey("app", system), expected(system));
  assert.equal(promptCacheKey("app", base), expected(base));
});
