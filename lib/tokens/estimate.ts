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
import type { ContentBlock } from "../ir/content.ts";
import type { IrRequest } from "../ir/request.ts";
import { canonicalJson } from "../json/canonical_json.ts";

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

/**
 * Longest piece of text handed to the BPE at once. Its merge loop is quadratic in the length of
 * one unbroken word (a 64 KB word took 1.2 s, 256 KB 50 s, all on the event loop), so text is cut
 * into pieces, at whitespace where there is some; a cut inside a word costs at most a token.
 */
export const MAX_PIECE_CHARS = 512;
/**
 * Characters one estimate tokenizes exactly; the rest of a larger prompt is extrapolated at the
 * tokens-per-character ratio measured on the exact part. Keeps the CPU cost of one request flat.
 */
export const EXACT_CHAR_BUDGET = 256 * 1024;
/** Tokenizing work between two yields to the event loop in `estimateTokensLazily`. */
const SLICE_MS = 4;
/** Tokens per character assumed when nothing could be measured (English averages ~4 chars). */
const DEFAULT_TOKENS_PER_CHAR = 0.25;

/**
 * `estimateTokens` with the lazily loaded o200k counter, yielding to the event loop every few
 * milliseconds so health checks, other requests and signals are never held up by one prompt.
 */
export async function estimateTokensLazily(ir: IrRequest): Promise<number> {
  const count = await loadTokenCounter();
  const tally = new Tally(count);
  const { texts, fixed } = promptParts(ir);
  let sliceStart = performance.now();
  for (const text of texts) {
    for (const piece of tally.pieces(text)) {
      tally.countPiece(piece);
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = performance.now();
      }
    }
  }
  return fixed + tally.total();
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
  const tally = new Tally(count);
  const { texts, fixed } = promptParts(ir);
  for (const text of texts) {
    for (const piece of tally.pieces(text)) tally.countPiece(piece);
  }
  return fixed + tally.total();
}

/** Exact counts up to the budget, characters beyond it. */
class Tally {
  #exactChars = 0;
  #exactTokens = 0;
  #skippedChars = 0;
  constructor(private readonly count: TokenCounter) {}

  /** `text` in pieces of at most `MAX_PIECE_CHARS`; text past the budget is only measured. */
  *pieces(text: string): Generator<string> {
    let at = 0;
    while (at < text.length) {
      if (this.#exactChars >= EXACT_CHAR_BUDGET) {
        this.#skippedChars += text.length - at;
        return;
      }
      let end = Math.min(text.length, at + MAX_PIECE_CHARS);
      if (end < text.length) {
        const space = lastWhitespace(text, at + MAX_PIECE_CHARS / 2, end);
        if (space > at) end = space;
        // Never split a surrogate pair: both halves would count as replacement characters.
        if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
      }
      yield text.slice(at, end);
      at = end;
    }
  }

  countPiece(piece: string): void {
    this.#exactChars += piece.length;
    this.#exactTokens += this.count(piece);
  }

  total(): number {
    const ratio = this.#exactChars > 0
      ? this.#exactTokens / this.#exactChars
      : DEFAULT_TOKENS_PER_CHAR;
    return this.#exactTokens + Math.ceil(this.#skippedChars * ratio);
  }
}

function lastWhitespace(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) return i;
  }
  return -1;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The texts to tokenize and the fixed costs (message overhead, images, documents). */
function promptParts(ir: IrRequest): { texts: string[]; fixed: number } {
  const texts: string[] = [];
  let fixed = 0;
  for (const block of ir.system) texts.push(block.text);
  if (ir.tools.length > 0) {
    texts.push(canonicalJson(ir.tools.map(({ cacheControl: _marker, ...tool }) => tool)));
  }
  for (const message of ir.messages) {
    fixed += MESSAGE_OVERHEAD_TOKENS;
    for (const block of message.content) fixed += blockParts(block, texts);
  }
  return { texts, fixed };
}

/** Pushes a block's texts; returns its fixed cost. */
function blockParts(block: ContentBlock, texts: string[]): number {
  switch (block.type) {
    case "text":
    case "thinking":
      texts.push(block.text);
      return 0;
    case "image":
      return IMAGE_TOKENS;
    case "document":
      return DOCUMENT_TOKENS;
    case "tool_call":
      texts.push(block.name, canonicalJson(block.input));
      return 0;
    case "tool_result":
      return block.content.reduce((sum, part) => sum + blockParts(part, texts), 0);
    case "redacted_thinking":
      // Encrypted reasoning: its size in tokens is unknown; the base64 length over-counts.
      return 0;
    case "opaque":
      texts.push(canonicalJson(block.raw));
      return 0;
    default: {
      const never: never = block;
      return never;
    }
  }
}
