/**
 * Reasoning blocks ⇄ Responses `reasoning` items on the client side.
 *
 * Responses has one opaque field, `encrypted_content`, for what Anthropic splits into signed
 * `thinking` and `redacted_thinking`. A redacted block therefore travels as
 * `redacted:<data>` inside the sealed artifact, so that when the client replays the item the
 * Anthropic issuer gets back a `redacted_thinking` block, not a thinking block with a bogus
 * signature.
 *
 * @module
 */
import type { ProtocolId, RedactedThinkingBlock, ThinkingBlock } from "../../../ir/content.ts";
import { openArtifact, sealArtifact } from "../../../ir/artifacts.ts";
import { invalidRequest } from "../../../ir/error.ts";
import { isObject } from "../../../json/fields.ts";

const REDACTED = "redacted:";
const CLIENT: ProtocolId = "openai_responses";

/** Thinking text from a reasoning item: the summaries, or the raw reasoning text when none. */
export function reasoningText(item: Record<string, unknown>): string {
  const texts = (parts: unknown): string[] =>
    Array.isArray(parts)
      ? parts.filter(isObject).map((p) => p.text).filter((t): t is string => typeof t === "string")
      : [];
  const summary = texts(item.summary);
  return (summary.length > 0 ? summary : texts(item.content)).join("\n\n");
}

export function decodeReasoningItem(
  item: Record<string, unknown>,
  where: string,
): ThinkingBlock | RedactedThinkingBlock {
  if (item.summary !== undefined && !Array.isArray(item.summary)) {
    throw invalidRequest(`${where}.summary: expected an array`);
  }
  const block: ThinkingBlock = { type: "thinking", text: reasoningText(item) };
  if (typeof item.id === "string") block.itemId = item.id;
  if (typeof item.encrypted_content === "string" && item.encrypted_content !== "") {
    const { artifact, origin } = openArtifact(item.encrypted_content, CLIENT);
    if (origin.protocol !== CLIENT && artifact.startsWith(REDACTED)) {
      return { type: "redacted_thinking", data: artifact.slice(REDACTED.length), origin };
    }
    block.signature = artifact;
    block.origin = origin;
  }
  return block;
}

/** What goes into `encrypted_content` for a block, or undefined when there is nothing opaque. */
export function encryptedContentFor(
  block: ThinkingBlock | RedactedThinkingBlock,
): string | undefined {
  if (block.type === "redacted_thinking") {
    if (!block.origin || block.origin.protocol === CLIENT) return block.data;
    return sealArtifact(`${REDACTED}${block.data}`, block.origin, CLIENT);
  }
  return block.signature ? sealArtifact(block.signature, block.origin, CLIENT) : undefined;
}
