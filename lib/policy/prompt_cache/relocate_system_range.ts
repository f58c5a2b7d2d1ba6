/**
 * `relocate_system_prefix_range = "start..end"`: move volatile system lines out of the prefix.
 *
 * Some clients put per-session text (dates, working directories, git status) near the top of
 * the system prompt, so everything after it misses the prefix cache. The operator names the
 * byte range; every system line that intersects it moves into a context block at the end of
 * the conversation, where a change costs only the tail. The model still sees the text.
 *
 * Offsets are UTF-8 byte offsets into the client's system text with blocks joined by `\n`,
 * half-open (`start` included, `end` excluded), counted before any line is stripped.
 *
 * @module
 */
import type { Message } from "../../ir/content.ts";
import type { IrRequest } from "../../ir/request.ts";
import { dropSystemLines, isStrippedLine } from "./strip_system_lines.ts";

export interface ByteRange {
  start: number;
  end: number;
}

/** `"12..80"` → `{ start: 12, end: 80 }`; the config schema has already checked the format. */
export function parseByteRange(text: string): ByteRange {
  const [start, end] = text.split("..").map(Number);
  return { start, end };
}

export interface Relocation {
  ir: IrRequest;
  /** The moved lines as they were, for `log_relocated_system_text`; absent when none moved. */
  relocatedText?: string;
}

const encoder = new TextEncoder();

/**
 * Moves the system lines intersecting `range` to a `<system-reminder>` text block appended to
 * the last user message (or a new user message when there is none). Moved lines that match
 * `strippedPrefixes` are dropped instead of moved, so relocation never revives a stripped line.
 */
export function relocateSystemRange(
  ir: IrRequest,
  range: ByteRange,
  strippedPrefixes: readonly string[] = [],
): Relocation {
  const selected = linesInRange(ir.system.map((b) => b.text), range);
  if (selected.size === 0) return { ir };
  const moved: string[] = [];
  const system = dropSystemLines(ir.system, (line, block, index) => {
    if (!selected.has(`${block}:${index}`)) return false;
    if (!isStrippedLine(line, strippedPrefixes)) moved.push(line);
    return true;
  });
  const relocatedText = moved.join("\n");
  if (relocatedText.trim() === "") return { ir: { ...ir, system } };
  const context = `<system-reminder>\n${relocatedText}\n</system-reminder>`;
  return { ir: { ...ir, system, messages: appendToLastUser(ir.messages, context) }, relocatedText };
}

/** Keys `"block:line"` of the lines whose bytes intersect `range`. */
function linesInRange(texts: readonly string[], range: ByteRange): Set<string> {
  const hits = new Set<string>();
  let offset = 0;
  texts.forEach((text, block) => {
    text.split("\n").forEach((line, index) => {
      const start = offset;
      const end = start + encoder.encode(line).length;
      const intersects = end > start
        ? start < range.end && end > range.start
        : start >= range.start && start < range.end;
      if (intersects) hits.add(`${block}:${index}`);
      offset = end + 1; // the `\n` between lines, and between blocks
    });
  });
  return hits;
}

function appendToLastUser(messages: readonly Message[], text: string): Message[] {
  const out = [...messages];
  const at = out.findLastIndex((m) => m.role === "user");
  if (at === -1) {
    out.push({ role: "user", content: [{ type: "text", text }] });
  } else {
    out[at] = { ...out[at], content: [...out[at].content, { type: "text", text }] };
  }
  return out;
}
