/**
 * The `[prompt_cache]` policy: make the upstream prompt prefix byte-stable from turn to turn.
 *
 * Runs after routing (it depends on the upstream protocol) and before the adapter. Each step is
 * its own pure module; the order matters:
 *
 * 1. relocate `relocate_system_prefix_range` lines to the end (offsets count the client's text);
 * 2. strip `strip_system_line_prefixes` lines (the billing header, by default off-Anthropic);
 * 3. canonical key order for tool schemas and tool-call inputs;
 * 4. Anthropic breakpoints toward Anthropic, no `cacheControl` at all elsewhere;
 * 5. `prompt_cache_key` / retention toward OpenAI-family upstreams, computed from the
 *    normalized system and tools so the volatile lines never reach it;
 * 6. session-scoped `user` ids removed toward non-Anthropic upstreams.
 *
 * @example
 * ```ts
 * const { ir: upstreamIr, relocatedText } = applyPromptCachePolicy(ir, {
 *   settings: config.prompt_cache,
 *   targetProtocol: "openai",
 *   clientProtocol: "anthropic",
 * });
 * ```
 *
 * @module
 */
import type { ProtocolId } from "../../ir/content.ts";
import type { IrRequest } from "../../ir/request.ts";
import type { Config } from "../../config/schema.ts";
import { injectAnthropicBreakpoints, stripCacheControl } from "./anthropic_breakpoints.ts";
import { applyPromptCacheKey } from "./cache_key.ts";
import { canonicalizeToolShapes } from "./canonical_json.ts";
import { parseByteRange, relocateSystemRange } from "./relocate_system_range.ts";
import { strippedLinePrefixes, stripSystemLines } from "./strip_system_lines.ts";
import { dropVolatileIdentity } from "./volatile_identity.ts";

export interface PromptCachePolicyOptions {
  settings: Config["prompt_cache"];
  targetProtocol: ProtocolId;
  /** The protocol the client spoke; reserved for steps that treat same-protocol hops apart. */
  clientProtocol: ProtocolId;
}

export interface PromptCachePolicyResult {
  ir: IrRequest;
  /**
   * System text moved by `relocate_system_prefix_range`. Prompt text: the server logs it only
   * when `log_relocated_system_text` is on.
   */
  relocatedText?: string;
}

export function applyPromptCachePolicy(
  ir: IrRequest,
  opts: PromptCachePolicyOptions,
): PromptCachePolicyResult {
  const { settings, targetProtocol: target } = opts;
  const prefixes = strippedLinePrefixes(settings.strip_system_line_prefixes, target);
  let out = ir;
  let relocatedText: string | undefined;
  if (settings.relocate_system_prefix_range) {
    const range = parseByteRange(settings.relocate_system_prefix_range);
    ({ ir: out, relocatedText } = relocateSystemRange(out, range, prefixes));
  }
  out = { ...out, system: stripSystemLines(out.system, prefixes) };
  out = canonicalizeToolShapes(out);
  if (target !== "anthropic") out = stripCacheControl(out);
  else if (settings.auto_inject_anthropic_cache_control) {
    out = injectAnthropicBreakpoints(out, settings);
  }
  out = applyPromptCacheKey(out, target, settings);
  out = dropVolatileIdentity(out, target);
  return relocatedText === undefined ? { ir: out } : { ir: out, relocatedText };
}

export { countBreakpoints, MAX_ANTHROPIC_BREAKPOINTS } from "./anthropic_breakpoints.ts";
export { promptCacheKey } from "./cache_key.ts";
export { DEFAULT_STRIPPED_LINE_PREFIXES } from "./strip_system_lines.ts";
