/**
 * `reasoning_policy`: how the operator's reasoning settings combine with the client's.
 *
 * | policy        | client sent a control        | client sent none                  |
 * |---------------|------------------------------|-----------------------------------|
 * | `preserve`    | kept                         | `default_reasoning_effort` if set |
 * | `fill_missing`| kept                         | `default_reasoning_effort` if set |
 * | `cap`         | clamped at `max_reasoning_effort` | default (clamped) if set     |
 * | `force`       | replaced by the default      | the default                       |
 *
 * `preserve` with a default set behaves as `fill_missing`: the documented meaning of
 * `default_reasoning_effort` is "applied only when the client sends no reasoning or thinking
 * control", and a preserve policy never overrides what the client did send.
 *
 * Runs on the server's config only; provider `reasoning_budgets` are applied later by the
 * adapters, so caps on `budget_tokens` use the built-in table (DEFAULT_BUDGETS).
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import type { Effort, IrRequest, ReasoningControl } from "../ir/request.ts";
import { budgetForEffort } from "../ir/reasoning_levels.ts";
import { effortRank, minEffort } from "./parse_effort.ts";

export interface ReasoningDecision {
  ir: IrRequest;
  /** What the client asked for, for the info log: an effort, `budget_tokens=N`, or a mode. */
  requested?: Effort | string;
  /** What goes upstream, in the same words. */
  applied?: Effort | string;
}

type ServerSettings = Pick<
  Config["server"],
  "reasoning_policy" | "default_reasoning_effort" | "max_reasoning_effort"
>;

export function applyReasoningPolicy(ir: IrRequest, server: ServerSettings): ReasoningDecision {
  const before = ir.reasoning;
  const after = decide(before, server);
  const out: IrRequest = after === before ? ir : { ...ir, reasoning: after };
  return { ir: out, requested: describeReasoning(before), applied: describeReasoning(after) };
}

/** Whether the client said anything about how much to reason (a summary setting alone is not). */
export function clientSentReasoning(reasoning: ReasoningControl | undefined): boolean {
  return reasoning !== undefined &&
    (reasoning.effort !== undefined || reasoning.budgetTokens !== undefined ||
      reasoning.mode !== undefined);
}

/** A short human form of a control: the effort, else `budget_tokens=N`, else the mode. */
export function describeReasoning(reasoning: ReasoningControl | undefined): string | undefined {
  if (!reasoning) return undefined;
  if (reasoning.effort !== undefined) return reasoning.effort;
  if (reasoning.budgetTokens !== undefined) return `budget_tokens=${reasoning.budgetTokens}`;
  return reasoning.mode;
}

function decide(
  reasoning: ReasoningControl | undefined,
  server: ServerSettings,
): ReasoningControl | undefined {
  const fallback = server.default_reasoning_effort;
  const filled = clientSentReasoning(reasoning) || !fallback
    ? reasoning
    : withEffort(reasoning, fallback);
  switch (server.reasoning_policy) {
    case "preserve":
    case "fill_missing":
      return filled;
    case "cap":
      return server.max_reasoning_effort
        ? capReasoning(filled, server.max_reasoning_effort)
        : filled;
    case "force":
      return fallback ? withEffort(reasoning, fallback) : reasoning;
    default: {
      const never: never = server.reasoning_policy;
      return never;
    }
  }
}

/** `effort` replacing any budget or mode; the client's summary/display wishes stay. */
function withEffort(reasoning: ReasoningControl | undefined, effort: Effort): ReasoningControl {
  const out: ReasoningControl = { effort };
  if (effort === "none") out.mode = "disabled";
  if (reasoning?.summary !== undefined) out.summary = reasoning.summary;
  if (reasoning?.includeThoughts !== undefined) out.includeThoughts = reasoning.includeThoughts;
  return out;
}

/**
 * Clamps a control at `cap`: the effort, and a budget above the cap's budget. Adaptive thinking
 * with no effort runs at `high` (Anthropic's default), and a dynamic budget (Gemini `-1`) can
 * reach any size, so both get the cap made explicit when it is lower.
 */
export function capReasoning(
  reasoning: ReasoningControl | undefined,
  cap: Effort,
): ReasoningControl | undefined {
  if (!reasoning || reasoning.mode === "disabled") return reasoning;
  if (cap === "none") {
    return clientSentReasoning(reasoning) ? withEffort(reasoning, "none") : reasoning;
  }
  const capBudget = budgetForEffort(cap);
  const out: ReasoningControl = { ...reasoning };
  if (out.effort !== undefined) out.effort = minEffort(out.effort, cap);
  if (out.budgetTokens !== undefined && (out.budgetTokens > capBudget || out.budgetTokens < 0)) {
    out.budgetTokens = capBudget;
  }
  const adaptiveDefault = out.mode === "adaptive" && out.effort === undefined &&
    out.budgetTokens === undefined;
  if (adaptiveDefault && effortRank(cap) < effortRank("high")) out.effort = cap;
  const changed = out.effort !== reasoning.effort || out.budgetTokens !== reasoning.budgetTokens;
  return changed ? out : reasoning;
}
