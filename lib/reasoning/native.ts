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

/**
 * OpenAI models with reasoning (o-series, gpt-5 and later): they take `reasoning_effort` and
 * `max_completion_tokens`; the others (gpt-4o, gpt-4.1) reject both with a 400.
 */
export function takesOpenAIReasoningEffort(model: string): boolean {
  const name = model.slice(model.lastIndexOf("/") + 1).toLowerCase();
  return /^(o\d|gpt-[5-9]|gpt-\d{2,})/.test(name);
}

/** OpenAI Chat `reasoning_effort` / Responses `reasoning.effort`. `max` has no OpenAI level. */
export function openaiReasoningEffort(reasoning: ReasoningControl | undefined): string | undefined {
  if (!reasoning) return undefined;
  if (reasoning.mode === "disabled") return "none";
  const effort = reasoning.effort ?? effortFromBudget(reasoning.budgetTokens);
  if (!effort) return undefined;
  return effort === "max" ? "xhigh" : effort;
}

/**
 * The smallest effort whose budget covers `budget`, for clients that sent only a budget.
 * `0` is `none`; a negative budget (Gemini's `-1` = dynamic) names no level, so undefined.
 */
export function effortFromBudget(
  budget: number | undefined,
  table: BudgetTable = DEFAULT_BUDGETS,
): Effort | undefined {
  if (budget === undefined || budget < 0) return undefined;
  if (budget === 0) return "none";
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
