/**
 * `strip_system_line_prefixes`: drop system-prompt lines that change on every prompt.
 *
 * Claude Code opens its system prompt with `x-anthropic-billing-header: cc_version=….<3 hex>;`
 * whose suffix differs per prompt. Anthropic ignores it for caching, but every other provider's
 * prefix cache sees a new first line and misses on the whole 20–100k-token prompt behind it
 * (anthropics/claude-code#68900). So by default the line goes toward non-Anthropic upstreams
 * and stays toward Anthropic, where it is billing attribution.
 *
 * @module
 */
import type { CacheControl, ProtocolId, TextBlock } from "../../ir/content.ts";

export const DEFAULT_STRIPPED_LINE_PREFIXES: readonly string[] = ["x-anthropic-billing-header:"];

/** The prefixes in force: the configured list for every target, else the default off-Anthropic. */
export function strippedLinePrefixes(
  configured: readonly string[] | undefined,
  target: ProtocolId,
): readonly string[] {
  if (configured !== undefined) return configured;
  return target === "anthropic" ? [] : DEFAULT_STRIPPED_LINE_PREFIXES;
}

/** Whether one line (leading whitespace ignored) starts with any of `prefixes`. */
export function isStrippedLine(line: string, prefixes: readonly string[]): boolean {
  const trimmed = line.trimStart();
  return prefixes.some((prefix) => trimmed.startsWith(prefix));
}

/** System blocks without the lines that start with one of `prefixes`. */
export function stripSystemLines(
  system: readonly TextBlock[],
  prefixes: readonly string[],
): TextBlock[] {
  if (prefixes.length === 0) return [...system];
  return dropSystemLines(system, (line) => isStrippedLine(line, prefixes));
}

/**
 * System blocks without the lines `drop` selects (lines split on `\n`; `block` and `line` are
 * indexes). A block left blank is removed (Anthropic rejects empty text blocks); its cache
 * breakpoint, if any, moves to the block before it so the cached prefix keeps an end marker.
 */
export function dropSystemLines(
  system: readonly TextBlock[],
  drop: (line: string, block: number, index: number) => boolean,
): TextBlock[] {
  const out: TextBlock[] = [];
  system.forEach((block, b) => {
    const lines = block.text.split("\n");
    const kept = lines.filter((line, i) => !drop(line, b, i));
    if (kept.length === lines.length) {
      out.push(block);
      return;
    }
    const text = kept.join("\n");
    if (text.trim() !== "") out.push({ ...block, text });
    else if (block.cacheControl) moveBreakpointToLast(out, block.cacheControl);
  });
  return out;
}

function moveBreakpointToLast(blocks: TextBlock[], cacheControl: CacheControl): void {
  const last = blocks.at(-1);
  if (last && !last.cacheControl) blocks[blocks.length - 1] = { ...last, cacheControl };
}
