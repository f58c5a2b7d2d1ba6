/**
 * What a Responses request carries that the IR does not model, kept in
 * `ir.extensions.openai_responses` so a Responses upstream receives it unchanged. Adapters of
 * other protocols never read it; the Responses adapter merges it only when the client spoke
 * Responses too.
 *
 * @module
 */
import type { Tool } from "../../ir/request.ts";

export interface ResponsesExtensions {
  /** Top-level fields passed through verbatim (`store`, `include`, `previous_response_id` …). */
  fields?: Record<string, unknown>;
  /** `text.*` besides `format` (`verbosity`). */
  text?: Record<string, unknown>;
  /** `reasoning.*` besides `effort` and `summary` (Codex `context`). */
  reasoning?: Record<string, unknown>;
  /** Hosted tools (`web_search`, `tool_search`, `file_search`, `mcp` …): no IR equivalent. */
  hostedTools?: unknown[];
  /** `tool_choice` as sent, when it names something the IR cannot (`allowed_tools`, hosted). */
  toolChoice?: unknown;
  /** Codex "responses lite" `additional_tools` items, re-sent in place of top-level tools. */
  additionalToolsItems?: unknown[];
  /** Roles of the messages that became `ir.system` after the `instructions` block, in order. */
  systemRoles?: string[];
  /** Whether `ir.system[0]` came from `instructions`. */
  hasInstructions?: boolean;
  /** Input item types the IR cannot express; when present `rawInput` is forwarded instead. */
  unknownItemTypes?: string[];
  rawInput?: unknown[];
  rawInstructions?: unknown;
}

/** The per-tool extension marking tools that arrived inside an `additional_tools` item. */
export interface ResponsesToolExtensions {
  viaAdditionalTools?: boolean;
  namespaceDescription?: string;
}

export function responsesExtensions(
  extensions: Partial<Record<string, Record<string, unknown>>> | undefined,
): ResponsesExtensions {
  return (extensions?.openai_responses ?? {}) as ResponsesExtensions;
}

export function toolExtensions(tool: Tool): ResponsesToolExtensions {
  return (tool.extensions?.openai_responses ?? {}) as ResponsesToolExtensions;
}

/** Namespaced tools are flattened to one name every protocol accepts, and split back later. */
export function flatToolName(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}__${name}` : name;
}

/** The client-side `{ name, namespace }` of an IR tool name, using the request's tool list. */
export function clientToolName(
  irName: string,
  tools: readonly Tool[],
): { name: string; namespace?: string } {
  const tool = tools.find((t) => t.name === irName);
  if (tool?.namespace && irName.startsWith(`${tool.namespace}__`)) {
    return { name: irName.slice(tool.namespace.length + 2), namespace: tool.namespace };
  }
  return { name: irName };
}
