/**
 * `[routes.when]` → a predicate on the request. Every condition given must hold; an absent one
 * does not constrain. `describeWhen` spells the same conditions for the decision table and the
 * route tester, so what is printed is what is tested.
 *
 * @module
 */
import type { RouteWhenConfig } from "../config/schema.ts";
import type { FactsView } from "./request_facts.ts";

export type RequestCondition = (facts: FactsView) => boolean;

export function compileWhen(when: RouteWhenConfig): RequestCondition {
  const tests: RequestCondition[] = [];
  if (when.min_input_tokens !== undefined) {
    const min = when.min_input_tokens;
    tests.push((f) => f.inputTokens() >= min);
  }
  if (when.has_images !== undefined) {
    const want = when.has_images;
    tests.push((f) => f.hasImages() === want);
  }
  if (when.thinking !== undefined) {
    const want = when.thinking;
    tests.push((f) => f.thinking() === want);
  }
  if (when.has_tools !== undefined) {
    const want = when.has_tools;
    tests.push((f) => (f.toolNames().size > 0) === want);
  }
  if (when.tool_names !== undefined) {
    const names = when.tool_names;
    tests.push((f) => names.some((name) => f.toolNames().has(name)));
  }
  if (when.client !== undefined) {
    const client = when.client;
    tests.push((f) => f.request.clientProtocol === client);
  }
  if (when.header !== undefined) {
    const pairs = Object.entries(when.header);
    tests.push((f) => pairs.every(([name, value]) => f.request.headers.get(name) === value));
  }
  return (facts) => tests.every((test) => test(facts));
}

/** `min_input_tokens >= 60000`, `has_images = true`, … in config order. */
export function describeWhen(when: RouteWhenConfig): string[] {
  const parts: string[] = [];
  if (when.min_input_tokens !== undefined) {
    parts.push(`input tokens >= ${when.min_input_tokens}`);
  }
  if (when.has_images !== undefined) parts.push(`has_images = ${when.has_images}`);
  if (when.thinking !== undefined) parts.push(`thinking = ${when.thinking}`);
  if (when.has_tools !== undefined) parts.push(`has_tools = ${when.has_tools}`);
  if (when.tool_names !== undefined) {
    parts.push(`tool_names any of ${when.tool_names.join(", ")}`);
  }
  if (when.client !== undefined) parts.push(`client = ${when.client}`);
  for (const [name, value] of Object.entries(when.header ?? {})) {
    parts.push(`header ${name} = ${JSON.stringify(value)}`);
  }
  return parts;
}
