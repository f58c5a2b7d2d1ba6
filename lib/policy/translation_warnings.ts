/**
 * Translation warnings: what a client sent that the upstream it was translated for never saw.
 *
 * The decoders keep every value the IR does not model in the client's own protocol
 * (`extensions.<protocol>` on the request, its tools and blocks; opaque blocks), so a
 * same-protocol upstream receives it verbatim. Toward another protocol those values are left
 * out; this module names each of them once, in the client's wire terms, for the debug log, the
 * `ferryllm_translation_warnings_total` metric and (later) a response header.
 *
 * @module
 */
import type { ContentBlock, ProtocolId } from "../ir/content.ts";
import type { IrRequest } from "../ir/request.ts";
import { isObject } from "../json/fields.ts";
import type { TranslationWarning, WarningKind } from "../ir/warnings.ts";

export type { TranslationWarning };

/** At most this many warnings per request: a long history must not make a huge header. */
export const MAX_WARNINGS = 20;

/** Extension keys that hold the gateway's own bookkeeping, not client fields. */
const INTERNAL = new Set([
  "systemRoles",
  "hasInstructions",
  "rawInput",
  "rawInstructions",
  "additionalToolsItems",
  "viaAdditionalTools",
  "namespaceDescription",
]);

/** Objects whose sub-fields are kept one by one: the warning names the sub-field. */
const NESTED = new Set([
  "output_config",
  "metadata",
  "thinking",
  "generationConfig",
  "text",
  "reasoning",
  "fields",
]);

/** Bookkeeping keys of the entries → the wire path they stand for. */
const RENAMED: Record<string, string> = {
  ferryllm_server_tools: "tools[server tools]",
  ferryllm_other_tools: "tools[non-function tools]",
  hostedTools: "tools[hosted]",
  toolChoice: "tool_choice",
};

export function translationWarnings(
  ir: IrRequest,
  client: ProtocolId,
  target: ProtocolId,
): TranslationWarning[] {
  if (client === target) return [];
  const paths = new Map<string, WarningKind>();
  const field = (path: string) => paths.has(path) || paths.set(path, fieldKind(path));
  for (const path of extensionPaths(ir.extensions?.[client], "")) field(path);
  for (const tool of ir.tools) {
    for (const path of extensionPaths(tool.extensions?.[client], "tools[].")) field(path);
  }
  const visit = (block: ContentBlock, at: string) => {
    if (block.type === "opaque") {
      if (block.protocol === client) paths.set(`${at}{type: ${opaqueKind(block.raw)}}`, "block");
      return;
    }
    for (const path of extensionPaths(block.extensions?.[client], `${at}.`)) field(path);
    if (block.type === "tool_result") {
      for (const c of block.content) visit(c, `${at}.content[]`);
    }
  };
  for (const message of ir.messages) {
    for (const path of extensionPaths(message.extensions?.[client], "messages[].")) field(path);
    for (const block of message.content) visit(block, "messages[].content[]");
  }
  for (const block of ir.system) visit(block, "system[]");
  return [...paths].slice(0, MAX_WARNINGS).map(([path, kind]) => ({
    kind,
    path,
    message: `${path}: not carried to ${target}`,
  }));
}

/**
 * The warnings as the `x-ferryllm-warnings` header value: their short kinds, comma-separated,
 * each once, in order of first appearance (`field,block`). The full messages go to the debug log.
 */
export function warningsHeader(warnings: readonly TranslationWarning[]): string {
  return [...new Set(warnings.map((w) => w.kind))].join(",");
}

/** A whole tool the target has no form for (`tools`, `tools[hosted]`) is a `tool`; the rest `field`. */
function fieldKind(path: string): WarningKind {
  return path === "tools" || (path.startsWith("tools[") && !path.startsWith("tools[]."))
    ? "tool"
    : "field";
}

/** An opaque block's kind: its `type`, or (Gemini parts have none) its first content key. */
function opaqueKind(raw: Record<string, unknown>): string {
  if (typeof raw.type === "string") return raw.type;
  return Object.keys(raw).find((k) => k !== "thoughtSignature" && k !== "thought") ?? "unknown";
}

const NONE: readonly string[] = [];

function extensionPaths(
  extensions: Record<string, unknown> | undefined,
  prefix: string,
): readonly string[] {
  if (extensions === undefined) return NONE; // most blocks: nothing to walk, nothing to allocate
  const out: string[] = [];
  for (const [key, value] of Object.entries(extensions)) {
    if (INTERNAL.has(key) || value === undefined) continue;
    const renamed = RENAMED[key];
    if (renamed) out.push(prefix + renamed);
    else if (key === "unknownItemTypes" && Array.isArray(value)) {
      for (const type of new Set(value)) out.push(`${prefix}input[]{type: ${type}}`);
    } else if (key === "fields" && isObject(value)) {
      for (const sub of Object.keys(value)) out.push(prefix + sub);
    } else if (NESTED.has(key) && isObject(value) && !("type" in value)) {
      for (const sub of Object.keys(value)) out.push(`${prefix}${key}.${sub}`);
    } else out.push(prefix + key);
  }
  return out;
}
