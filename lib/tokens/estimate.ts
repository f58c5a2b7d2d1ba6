/**
 * A local prompt-token estimate, for `POST /v1/messages/count_tokens` and metrics.
 *
 * Counts with the o200k_base BPE (the `gpt-tokenizer` package): exact for recent OpenAI
 * models and within a few percent for Claude and Gemini on English text and code, which is
 * what clients use it for (Claude Code decides when to compact from it). Images and documents
 * get a fixed cost, since their real cost depends on pixels and pages the gateway does not
 * decode. Tools count as their canonical JSON, like the prompt-cache policy serializes them.
 *
 * @module
 */
import type { ContentBlock, Message } from "../ir/content.ts";
import type { IrRequest } from "../ir/request.ts";
import { canonicalJson } from "../policy/prompt_cache/canonical_json.ts";

/** Anthropic's cost of an image at its ~1.15-megapixel resize limit (w × h / 750). */
export const IMAGE_TOKENS = 1600;
/** A document (PDF page set, file reference) counted like one large image. */
export const DOCUMENT_TOKENS = 1600;
/** Role markers and separators every chat template wraps around a message. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** Text → token count. */
export type TokenCounter = (text: string) => number;

let counter: Promise<TokenCounter> | undefined;

/**
 * The o200k counter, loaded on first use: the BPE tables cost tens of megabytes of memory, which
 * a gateway that never counts tokens should not pay.
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  counter ??= import("gpt-tokenizer").then(({ countTokens }) => {
    // Prompt text may contain `<|endoftext|>` and friends; count them as text, never throw.
    const options = { disallowedSpecial: new Set<string>() };
    return (text: string) => (text === "" ? 0 : countTokens(text, options));
  });
  return counter;
}

/** `estimateTokens` with the lazily loaded o200k counter. */
export async function estimateTokensLazily(ir: IrRequest): Promise<number> {
  return estimateTokens(ir, await loadTokenCounter());
}

/**
 * Estimated prompt tokens of a request: system, tools, messages.
 *
 * @example
 * ```ts
 * const count = await loadTokenCounter();
 * estimateTokens({ model: "m", system: [], tools: [], stream: false,
 *   messages: [{ role: "user", content: [{ type: "text", text: "hello" }] }] }, count); // 5
 * ```
 */
export function estimateTokens(ir: IrRequest, count: TokenCounter): number {
  let total = 0;
  for (const block of ir.system) total += count(block.text);
  if (ir.tools.length > 0) {
    total += count(canonicalJson(ir.tools.map(({ cacheControl: _marker, ...tool }) => tool)));
  }
  for (const message of ir.messages) total += messageTokens(message, count);
  return total;
}

function messageTokens(message: Message, count: TokenCounter): number {
  let total = MESSAGE_OVERHEAD_TOKENS;
  for (const block of message.content) total += blockTokens(block, count);
  return total;
}

function blockTokens(block: ContentBlock, count: TokenCounter): number {
  switch (block.type) {
    case "text":
    case "thinking":
      return count(block.text);
    case "image":
      return IMAGE_TOKENS;
    case "document":
      return DOCUMENT_TOKENS;
    case "tool_call":
      return count(block.name) + count(canonicalJson(block.input));
    case "tool_result":
      return block.content.reduce((sum, part) => sum + blockTokens(part, count), 0);
    case "redacted_thinking":
      // Encrypted reasoning: its size in tokens is unknown; the base64 length over-counts.
      return 0;
    default: {
      const never: never = block;
      return never;
    }
  }
}
