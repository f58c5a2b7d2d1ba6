/**
 * IR answer pieces → Responses output items, shared by the whole-response and stream encoders
 * so both produce the same items.
 *
 * @module
 */
import type { ToolCallBlock } from "../../../ir/content.ts";
import type { Tool } from "../../../ir/request.ts";
import { clientToolName } from "../extensions.ts";

/** A call is freeform when the block says so or the client declared the tool as `custom`. */
export function isCustomCall(block: { name: string; kind?: string }, tools: readonly Tool[]) {
  return block.kind === "custom" || tools.find((t) => t.name === block.name)?.kind === "custom";
}

/** The text a custom tool receives: the `input` string, or the whole object when absent. */
export function customInputText(input: Record<string, unknown>): string {
  return typeof input.input === "string" ? input.input : JSON.stringify(input);
}

export function toolCallItem(
  block: Pick<ToolCallBlock, "id" | "name" | "kind">,
  itemId: string,
  tools: readonly Tool[],
  payload: string,
  status: "in_progress" | "completed",
): Record<string, unknown> {
  const { name, namespace } = clientToolName(block.name, tools);
  const item: Record<string, unknown> = isCustomCall(block, tools)
    ? { type: "custom_tool_call", id: itemId, call_id: block.id, name, input: payload }
    : { type: "function_call", id: itemId, call_id: block.id, name, arguments: payload };
  if (namespace) item.namespace = namespace;
  item.status = status;
  return item;
}

export function messageItem(
  itemId: string,
  texts: string[],
  status: "in_progress" | "completed",
): Record<string, unknown> {
  return {
    type: "message",
    id: itemId,
    status,
    role: "assistant",
    content: texts.map(outputTextPart),
  };
}

export function outputTextPart(text: string): Record<string, unknown> {
  return { type: "output_text", text, annotations: [], logprobs: [] };
}

export function reasoningItem(
  itemId: string,
  summaries: string[],
  encryptedContent: string | undefined,
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    type: "reasoning",
    id: itemId,
    summary: summaries.map((text) => ({ type: "summary_text", text })),
  };
  if (encryptedContent !== undefined) item.encrypted_content = encryptedContent;
  return item;
}
