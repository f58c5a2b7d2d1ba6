/**
 * A cheap input-size estimate for `min_input_tokens`: characters over four, plus the tokenizer
 * module's fixed costs for images and documents. Routing runs on every request, and real
 * tokenization of a 100k-token prompt costs tens of milliseconds; a threshold rule only needs to
 * know which side of 60 000 a prompt is on, and the o200k count of English and code is within
 * about 15 % of this. Set thresholds with that margin in mind.
 *
 * @module
 */
import type { ContentBlock } from "../ir/content.ts";
import type { IrRequest } from "../ir/request.ts";
import { DOCUMENT_TOKENS, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS } from "../tokens/estimate.ts";

/** Average characters per token of English prose and code in BPE tokenizers. */
export const CHARS_PER_TOKEN = 4;

export function roughInputTokens(ir: IrRequest): number {
  let chars = 0;
  let fixed = 0;
  for (const block of ir.system) chars += block.text.length;
  for (const tool of ir.tools) {
    chars += tool.name.length + (tool.description?.length ?? 0) +
      JSON.stringify(tool.inputSchema).length;
  }
  for (const message of ir.messages) {
    fixed += MESSAGE_OVERHEAD_TOKENS;
    for (const block of message.content) {
      const size = blockSize(block);
      chars += size.chars;
      fixed += size.tokens;
    }
  }
  return Math.ceil(chars / CHARS_PER_TOKEN) + fixed;
}

function blockSize(block: ContentBlock): { chars: number; tokens: number } {
  switch (block.type) {
    case "text":
    case "thinking":
      return { chars: block.text.length, tokens: 0 };
    case "image":
      return { chars: 0, tokens: IMAGE_TOKENS };
    case "document":
      return { chars: 0, tokens: DOCUMENT_TOKENS };
    case "tool_call":
      return { chars: block.name.length + JSON.stringify(block.input ?? null).length, tokens: 0 };
    case "tool_result": {
      let chars = 0;
      let tokens = 0;
      for (const part of block.content) {
        const size = blockSize(part);
        chars += size.chars;
        tokens += size.tokens;
      }
      return { chars, tokens };
    }
    case "redacted_thinking":
      return { chars: 0, tokens: 0 };
    case "opaque":
      // A block the IR does not model, kept verbatim: its JSON is what the upstream reads.
      return { chars: JSON.stringify(block.raw).length, tokens: 0 };
    default: {
      const never: never = block;
      return never;
    }
  }
}
