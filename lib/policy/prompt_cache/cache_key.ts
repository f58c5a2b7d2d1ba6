/**
 * OpenAI-family `prompt_cache_key` / `prompt_cache_retention`.
 *
 * OpenAI routes a request to a cache machine by a hash of the prompt's first tokens combined
 * with `prompt_cache_key`. A key that changes per request (a request id, a timestamp, a fresh
 * UUID as some proxies send) scatters one conversation over many machines and every turn
 * misses; a single key for everything overloads one machine. So the key is the configured
 * prefix plus short hashes of what makes a prefix family: the system text and the tool
 * definitions, after the other policy steps normalized them. Nothing else goes in: not the
 * model's reasoning setting, not ids, not time.
 *
 * @module
 */
import type { ProtocolId } from "../../ir/content.ts";
import type { IrRequest, PromptCacheHints } from "../../ir/request.ts";
import { shortHash } from "../../json/stable_hash.ts";
import { canonicalJson } from "../../json/canonical_json.ts";

export interface CacheKeySettings {
  openai_prompt_cache_key?: string;
  openai_prompt_cache_retention?: string;
}

/** Upstream protocols that take `prompt_cache_key`. */
export function takesPromptCacheKey(target: ProtocolId): boolean {
  return target === "openai" || target === "openai_responses";
}

/**
 * `<prefix>-<12 hex of the system text>-<12 hex of the tools>`: equal for every turn of a
 * conversation, different for apps whose system prompt or tools differ.
 */
export function promptCacheKey(prefix: string, ir: IrRequest): string {
  const system = ir.system.map((b) => b.text).join("\n");
  const tools = ir.tools.map(({ cacheControl: _marker, ...tool }) => tool);
  return `${prefix}-${systemHashes.hash(system)}-${toolHashes.hash(JSON.stringify(tools), tools)}`;
}

/**
 * Sets the configured key and retention toward OpenAI-family upstreams (the client's own hints
 * stand where nothing is configured) and removes both toward every other upstream.
 */
export function applyPromptCacheKey(
  ir: IrRequest,
  target: ProtocolId,
  settings: CacheKeySettings,
): IrRequest {
  if (!takesPromptCacheKey(target)) {
    if (ir.promptCache === undefined) return ir;
    const { promptCache: _dropped, ...rest } = ir;
    return rest;
  }
  const hints: PromptCacheHints = { ...ir.promptCache };
  if (settings.openai_prompt_cache_key) {
    hints.key = promptCacheKey(settings.openai_prompt_cache_key, ir);
  }
  if (settings.openai_prompt_cache_retention) {
    hints.retention = settings.openai_prompt_cache_retention;
  }
  if (hints.key === undefined && hints.retention === undefined) return ir;
  return { ...ir, promptCache: hints };
}

/**
 * The hashes already computed, by the exact text they came from. A coding agent sends the same
 * system prompt and the same tools (100 KB and more) on every turn, and hashing them took longer
 * than the rest of the request's work; looking the text up costs a fraction of that. The tools
 * are looked up by their JSON as it stands (already in canonical order on the pipeline's path,
 * where the canonical step ran first) and hashed in canonical form, so tools that differ only in
 * key order still share one key. Bounded: the least recently used text goes first.
 */
class HashMemo {
  readonly #hashes = new Map<string, string>();
  #chars = 0;

  constructor(private readonly limits: { entries: number; chars: number }) {}

  /** The short hash of `canonicalJson(value)`, or of `text` itself when no value is given. */
  hash(text: string, value?: unknown): string {
    const known = this.#hashes.get(text);
    if (known !== undefined) {
      this.#hashes.delete(text); // the most recently used goes last
      this.#hashes.set(text, known);
      return known;
    }
    const hash = shortHash(value === undefined ? text : canonicalJson(value));
    if (text.length > this.limits.chars) return hash;
    this.#hashes.set(text, hash);
    this.#chars += text.length;
    for (const oldest of this.#hashes.keys()) {
      if (this.#hashes.size <= this.limits.entries && this.#chars <= this.limits.chars) break;
      this.#hashes.delete(oldest);
      this.#chars -= oldest.length;
    }
    return hash;
  }
}

/** A team's worth of agents and apps; at most ~8 MB of remembered text each. */
const LIMITS = { entries: 64, chars: 4_000_000 };
const systemHashes = new HashMemo(LIMITS);
const toolHashes = new HashMemo(LIMITS);
