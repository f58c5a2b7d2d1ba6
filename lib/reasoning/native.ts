/**
 * IR reasoning control → each provider's native form. Adapters call these; the policy layer
 * (lib/reasoning/policy.ts) has already applied `reasoning_policy` to `ir.reasoning`.
 *
 * Mapping tables are documented in docs/reasoning-control.md.
 *
 * @module
 */
import type { Effort, ReasoningControl } from "../ir/request.ts";

/** Effort → Anthropic/Gemini thinking budget tokens; providers may override per level. */
export type BudgetTable = Partial<Record<Exclude<Effort, "none">, number>>;

export const DEFAULT_BUDGETS: Required<BudgetTable> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 24576,
  max: 32768,
};

/** OpenAI Chat `reasoning_effort` / Responses `reasoning.effort`. `max` has no OpenAI level. */
export function openaiReasoningEffort(reasoning: ReasoningControl | undefined): string | undefined {
  if (!reasoning) return undefined;
  if (reasoning.mode === "disabled") return "none";
  const effort = reasoning.effort ?? effortFromBudget(reasoning.budgetTokens);
  if (!effort) return undefined;
  return effort === "max" ? "xhigh" : effort;
}

/** The closest effort for a budget, for clients that sent only `budget_tokens`. */
export function effortFromBudget(
  budget: number | undefined,
  table: BudgetTable = DEFAULT_BUDGETS,
): Effort | undefined {
  if (budget === undefined) return undefined;
  if (budget <= 0) return "none";
  const levels = Object.entries({ ...DEFAULT_BUDGETS, ...table }) as [
    Exclude<Effort, "none">,
    number,
  ][];
  levels.sort((a, b) => a[1] - b[1]);
  for (const [effort, tokens] of levels) if (budget <= tokens) return effort;
  return "max";
}

export function budgetForEffort(effort: Effort, table: BudgetTable = DEFAULT_BUDGETS): number {
  if (effort === "none") return 0;
  return table[effort] ?? DEFAULT_BUDGETS[effort];
}
