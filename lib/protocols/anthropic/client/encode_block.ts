/**
 * One IR answer block → the Anthropic blocks a client sees for it.
 *
 * Thinking signatures and redacted data are sealed with their origin unless they came from an
 * Anthropic issuer (then byte-exact). Thinking without a signature (reasoning text from
 * OpenAI-style upstreams) is still shown, with `signature: ""`: the client can display it, and
 * when it is replayed the gateway drops it (no provider accepts unsigned reasoning back). A
 * Gemini part signature travels in an extra empty thinking block (see part_signature.ts).
 *
 * @module
 */
import type { ContentBlock } from "../../../ir/content.ts";
import { sealArtifact } from "../../../ir/artifacts.ts";
import { partSignatureBlock } from "./part_signature.ts";

export type AnthropicAnswerBlock =
  | { type: "text"; text: string }
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "redacted_thinking"; data: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

export function encodeAnthropicAnswerBlock(block: ContentBlock): AnthropicAnswerBlock[] {
  switch (block.type) {
    case "text":
      return withPartSignature(block, { type: "text", text: block.text });
    case "tool_call":
      return withPartSignature(block, {
        type: "tool_use",
        id: block.id,
        name: block.name,
        input: block.input,
      });
    case "thinking":
      return [{
        type: "thinking",
        thinking: block.text,
        signature: block.signature ? sealArtifact(block.signature, block.origin, "anthropic") : "",
      }];
    case "redacted_thinking":
      return [{
        type: "redacted_thinking",
        data: sealArtifact(block.data, block.origin, "anthropic"),
      }];
    default:
      // Images, documents and tool results never appear in an assistant answer.
      return [];
  }
}

function withPartSignature(
  block: Extract<ContentBlock, { type: "text" | "tool_call" }>,
  wire: AnthropicAnswerBlock,
): AnthropicAnswerBlock[] {
  if (!block.thoughtSignature) return [wire];
  return [partSignatureBlock(block.thoughtSignature, block.origin, "next"), wire];
}
