/**
 * IR reasoning control → Anthropic `thinking` + `output_config.effort`.
 *
 * Which form a model takes is read from its name:
 * - budget only (`enabled` + `budget_tokens`): claude-3*, claude-*-4 up to 4-5;
 * - both (adaptive preferred, budget deprecated): claude-*-4-6;
 * - adaptive only: 4-7 and newer, every 5.x, and names we cannot read (aliases, new families),
 *   as Claude Code itself assumes.
 * The client's explicit mode is kept when the model takes it; otherwise the model's form wins.
 * `provider.thinking_style` overrides the choice. Budgets come from the effort table
 * (`provider.reasoning_budgets` overrides it), are at least 1024 and below `max_tokens`, which is
 * raised when needed. Mode `disabled` or effort `none` omit thinking (adaptive-only models
 * reject `{type: "disabled"}`).
 *
 * @module
 */
import type { Effort, ReasoningControl } from "../../../ir/request.ts";
import {
  budgetForEffort,
  type BudgetTable,
  effortFromBudget,
} from "../../../ir/reasoning_levels.ts";

type ModelForm = "budget" | "both" | "adaptive";

/** Claude model name → the thinking forms it accepts. */
export function claudeThinkingForm(model: string): ModelForm {
  const legacy = /claude-(\d+)(?:-(\d))?-(?:opus|sonnet|haiku)/.exec(model);
  if (legacy) return "budget"; // claude-3-5-sonnet-…, claude-3-opus-…
  const named = /claude-[a-z]+-(\d+)(?:-(\d{1,2}))?(?!\d)/.exec(model);
  if (!named) return "adaptive";
  const major = Number(named[1]);
  const minor = named[2] === undefined ? 0 : Number(named[2]);
  if (major < 4 || (major === 4 && minor <= 5)) return "budget";
  if (major === 4 && minor === 6) return "both";
  return "adaptive";
}

export interface AnthropicThinking {
  thinking?: Record<string, unknown>;
  effort?: string;
  maxTokens: number;
}

export interface ThinkingOptions {
  model: string;
  maxTokens: number;
  style?: "adaptive" | "budget";
  budgets?: BudgetTable;
}

export function anthropicThinking(
  reasoning: ReasoningControl | undefined,
  options: ThinkingOptions,
): AnthropicThinking {
  const { maxTokens } = options;
  if (!reasoning || reasoning.mode === "disabled" || reasoning.effort === "none") {
    return { maxTokens };
  }
  if (reasoning.mode === undefined && reasoning.effort === undefined && !reasoning.budgetTokens) {
    return { maxTokens };
  }
  const display = reasoning.includeThoughts === undefined
    ? {}
    : { display: reasoning.includeThoughts ? "summarized" : "omitted" };
  if (chooseStyle(reasoning, options) === "adaptive") {
    const effort = reasoning.effort ?? effortFromBudget(reasoning.budgetTokens, options.budgets);
    return {
      thinking: { type: "adaptive", ...display },
      ...(effort && effort !== "none" ? { effort: adaptiveEffort(effort, options.model) } : {}),
      maxTokens,
    };
  }
  const wanted = reasoning.budgetTokens ??
    budgetForEffort(reasoning.effort ?? "high", options.budgets);
  const budget = Math.max(1024, Math.floor(wanted));
  return {
    thinking: { type: "enabled", budget_tokens: budget, ...display },
    maxTokens: maxTokens > budget ? maxTokens : budget + maxTokens,
  };
}

function chooseStyle(reasoning: ReasoningControl, options: ThinkingOptions): "adaptive" | "budget" {
  if (options.style) return options.style;
  const form = claudeThinkingForm(options.model);
  if (form !== "both") return form;
  return reasoning.mode === "enabled" ? "budget" : "adaptive";
}

/** IR effort → `output_config.effort` (low | medium | high | xhigh | max). */
function adaptiveEffort(effort: Exclude<Effort, "none">, model: string): string {
  if (effort === "minimal") return "low";
  // xhigh arrived with 4.7; on 4.6 the nearest level is max.
  if (effort === "xhigh" && claudeThinkingForm(model) !== "adaptive") return "max";
  return effort;
}
