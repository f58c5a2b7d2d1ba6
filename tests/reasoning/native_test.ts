import assert from "node:assert/strict";
import {
  budgetForEffort,
  DEFAULT_BUDGETS,
  effortFromBudget,
  openaiReasoningEffort,
  takesOpenAIReasoningEffort,
} from "../../lib/ir/reasoning_levels.ts";
import { geminiThinkingConfig } from "../../lib/protocols/gemini/reasoning.ts";
import type { Effort } from "../../lib/ir/request.ts";

const LEVELS: Exclude<Effort, "none">[] = ["minimal", "low", "medium", "high", "xhigh", "max"];

Deno.test("DEFAULT_BUDGETS rise with the effort and start at Anthropic's 1024 minimum", () => {
  assert.equal(DEFAULT_BUDGETS.minimal, 1024);
  for (let i = 1; i < LEVELS.length; i++) {
    assert.ok(DEFAULT_BUDGETS[LEVELS[i]] > DEFAULT_BUDGETS[LEVELS[i - 1]], LEVELS[i]);
  }
  assert.deepEqual(DEFAULT_BUDGETS, {
    minimal: 1024,
    low: 2048,
    medium: 8192,
    high: 16384,
    xhigh: 24576,
    max: 32768,
  });
});

Deno.test("openaiReasoningEffort passes levels through, max becomes xhigh, disabled none", () => {
  for (const effort of ["none", "minimal", "low", "medium", "high", "xhigh"] as const) {
    assert.equal(openaiReasoningEffort({ effort }), effort);
  }
  assert.equal(openaiReasoningEffort({ effort: "max" }), "xhigh");
  assert.equal(openaiReasoningEffort({ mode: "disabled", effort: "high" }), "none");
  assert.equal(openaiReasoningEffort(undefined), undefined);
  assert.equal(openaiReasoningEffort({ mode: "adaptive" }), undefined);
  assert.equal(openaiReasoningEffort({ summary: "auto" }), undefined);
});

Deno.test("openaiReasoningEffort maps a bare budget through the budget table", () => {
  assert.equal(openaiReasoningEffort({ mode: "enabled", budgetTokens: 4000 }), "medium");
  assert.equal(openaiReasoningEffort({ mode: "enabled", budgetTokens: 100000 }), "xhigh");
});

Deno.test("effortFromBudget picks the smallest level that covers the budget", () => {
  assert.equal(effortFromBudget(undefined), undefined);
  assert.equal(effortFromBudget(0), "none");
  assert.equal(effortFromBudget(1), "minimal");
  assert.equal(effortFromBudget(1024), "minimal");
  assert.equal(effortFromBudget(1025), "low");
  assert.equal(effortFromBudget(16384), "high");
  assert.equal(effortFromBudget(16385), "xhigh");
  assert.equal(effortFromBudget(32768), "max");
  assert.equal(effortFromBudget(1_000_000), "max");
});

Deno.test("effortFromBudget reads a negative (dynamic) budget as no level", () => {
  assert.equal(effortFromBudget(-1), undefined);
});

Deno.test("effortFromBudget and budgetForEffort honour a provider table", () => {
  const table = { high: 4000 };
  assert.equal(budgetForEffort("high", table), 4000);
  assert.equal(budgetForEffort("low", table), DEFAULT_BUDGETS.low);
  assert.equal(budgetForEffort("none", table), 0);
  assert.equal(effortFromBudget(3000, table), "high");
});

Deno.test("budgetForEffort and effortFromBudget round-trip every level", () => {
  for (const level of LEVELS) assert.equal(effortFromBudget(budgetForEffort(level)), level);
});

Deno.test("geminiThinkingConfig gives Gemini 3 a thinkingLevel", () => {
  const pro = "gemini-3-pro-preview";
  const flash = "gemini-3-flash-preview";
  assert.deepEqual(geminiThinkingConfig({ effort: "low" }, pro), { thinkingLevel: "LOW" });
  assert.deepEqual(geminiThinkingConfig({ effort: "medium" }, pro), { thinkingLevel: "HIGH" });
  assert.deepEqual(geminiThinkingConfig({ effort: "medium" }, flash), { thinkingLevel: "MEDIUM" });
  assert.deepEqual(geminiThinkingConfig({ effort: "max" }, pro), { thinkingLevel: "HIGH" });
  assert.deepEqual(geminiThinkingConfig({ effort: "none" }, flash), { thinkingLevel: "MINIMAL" });
  assert.deepEqual(geminiThinkingConfig({ effort: "none" }, pro), { thinkingLevel: "LOW" });
  assert.equal(geminiThinkingConfig({ mode: "adaptive" }, pro), undefined);
  assert.equal(geminiThinkingConfig({ budgetTokens: -1 }, pro), undefined);
  assert.equal(geminiThinkingConfig(undefined, pro), undefined);
});

Deno.test("geminiThinkingConfig gives Gemini 2.5 a clamped thinkingBudget", () => {
  const flash = "gemini-2.5-flash";
  const pro = "gemini-2.5-pro";
  assert.deepEqual(geminiThinkingConfig({ effort: "medium" }, flash), { thinkingBudget: 8192 });
  assert.deepEqual(geminiThinkingConfig({ effort: "max" }, flash), { thinkingBudget: 24576 });
  assert.deepEqual(geminiThinkingConfig({ effort: "max" }, pro), { thinkingBudget: 32768 });
  assert.deepEqual(geminiThinkingConfig({ mode: "disabled" }, flash), { thinkingBudget: 0 });
  assert.deepEqual(geminiThinkingConfig({ mode: "disabled" }, pro), { thinkingBudget: 128 });
  assert.deepEqual(geminiThinkingConfig({ budgetTokens: 50000 }, flash), { thinkingBudget: 24576 });
  assert.deepEqual(geminiThinkingConfig({ mode: "adaptive" }, flash), { thinkingBudget: -1 });
  assert.deepEqual(geminiThinkingConfig({ budgetTokens: -1 }, flash), { thinkingBudget: -1 });
  assert.deepEqual(
    geminiThinkingConfig({ effort: "high", includeThoughts: true }, flash, { high: 1000 }),
    { includeThoughts: true, thinkingBudget: 1000 },
  );
});

Deno.test("takesOpenAIReasoningEffort knows OpenAI's reasoning models by name", () => {
  for (
    const model of ["o1", "o3-mini", "o4-mini", "gpt-5", "gpt-5.5", "openai/gpt-5-codex", "gpt-10"]
  ) {
    assert.equal(takesOpenAIReasoningEffort(model), true, model);
  }
  for (const model of ["gpt-4o", "gpt-4.1-mini", "gpt-3.5-turbo", "claude-opus-4-6", "llama-3"]) {
    assert.equal(takesOpenAIReasoningEffort(model), false, model);
  }
});
