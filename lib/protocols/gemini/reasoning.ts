/**
 * IR reasoning control → Gemini `generationConfig.thinkingConfig`.
 *
 * Mapping tables are documented in docs/reasoning-control.md.
 *
 * @module
 */
import type { ReasoningControl } from "../../ir/request.ts";
import {
  budgetForEffort,
  type BudgetTable,
  DEFAULT_BUDGETS,
  effortFromBudget,
} from "../../ir/reasoning_levels.ts";

/** Gemini `generationConfig.thinkingConfig`. */
export interface GeminiThinkingConfig {
  thinkingBudget?: number;
  thinkingLevel?: "MINIMAL" | "LOW" | "MEDIUM" | "HIGH";
  includeThoughts?: boolean;
}

/**
 * IR reasoning → Gemini `thinkingConfig`. Gemini 3+ models take a `thinkingLevel` (Pro: LOW |
 * HIGH; Flash adds MINIMAL and MEDIUM) and cannot switch thinking off; Gemini 2.5 models take a
 * `thinkingBudget` (0 = off on Flash, -1 = dynamic, Pro 128–32768, Flash ≤ 24576).
 */
export function geminiThinkingConfig(
  reasoning: ReasoningControl | undefined,
  model: string,
  table: BudgetTable = DEFAULT_BUDGETS,
): GeminiThinkingConfig | undefined {
  if (!reasoning) return undefined;
  const out: GeminiThinkingConfig = {};
  if (reasoning.includeThoughts !== undefined) out.includeThoughts = reasoning.includeThoughts;
  const major = Number(/gemini-(\d+)/i.exec(model)?.[1] ?? "3");
  const flash = /flash/i.test(model);
  const off = reasoning.mode === "disabled" || reasoning.effort === "none";
  const effort = off ? "none" : reasoning.effort ?? effortFromBudget(reasoning.budgetTokens, table);
  if (major >= 3) {
    if (effort === undefined) return orUndefined(out);
    if (effort === "none" || effort === "minimal") out.thinkingLevel = flash ? "MINIMAL" : "LOW";
    else if (effort === "low") out.thinkingLevel = "LOW";
    else if (effort === "medium") out.thinkingLevel = flash ? "MEDIUM" : "HIGH";
    else out.thinkingLevel = "HIGH";
    return out;
  }
  const pro = /pro/i.test(model);
  const cap = pro ? 32768 : 24576;
  if (off) out.thinkingBudget = pro ? 128 : 0;
  else if (reasoning.budgetTokens !== undefined) {
    out.thinkingBudget = Math.min(cap, reasoning.budgetTokens);
  } else if (effort !== undefined) {
    out.thinkingBudget = Math.min(cap, budgetForEffort(effort, table));
  } else if (reasoning.mode === "adaptive") out.thinkingBudget = -1;
  return orUndefined(out);
}

function orUndefined<T extends object>(value: T): T | undefined {
  return Object.keys(value).length > 0 ? value : undefined;
}
