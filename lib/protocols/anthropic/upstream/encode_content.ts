/**
 * IR blocks → Anthropic request content blocks.
 *
 * Empty and whitespace-only text is never sent (Anthropic rejects it), and so never carries a
 * cache breakpoint. Thinking and redacted thinking go out byte-exact: the server has already
 * removed artifacts this upstream did not mint (`dropForeignArtifacts`), so an unsigned
 * thinking block that still reaches here is skipped rather than rejected upstream. A single
 * plain-text tool result is sent as a string, the form Claude Code itself sends.
 *
 * @module
 */
import type {
  CacheControl,
  ContentBlock,
  MediaSource,
  ToolResultBlock,
  ToolResultContent,
} from "../../../ir/content.ts";

export type WireBlock = Record<string, unknown>;

function withCache(block: WireBlock, cacheControl: CacheControl | undefined): WireBlock {
  return cacheControl ? { ...block, cache_control: cacheControl } : block;
}

/**
 * An IR block → its wire form, with the fields an Anthropic client sent that the IR does not
 * model added back (only an Anthropic client's blocks carry `extensions.anthropic`).
 */
export function encodeAnthropicBlock(block: ContentBlock): WireBlock | undefined {
  const wire = encodeKnownBlock(block);
  const extra = block.type === "opaque" ? undefined : block.extensions?.anthropic;
  if (!wire || !extra) return wire;
  return { ...extra, ...wire };
}

function encodeKnownBlock(block: ContentBlock): WireBlock | undefined {
  switch (block.type) {
    case "text":
      if (block.text.trim() === "") return undefined;
      return withCache({ type: "text", text: block.text }, block.cacheControl);
    case "image":
    case "document":
      return encodeMedia(block);
    case "tool_call":
      return withCache(
        { type: "tool_use", id: block.id, name: block.name, input: block.input },
        block.cacheControl,
      );
    case "tool_result":
      return encodeToolResult(block);
    case "thinking":
      if (!block.signature) return undefined;
      return { type: "thinking", thinking: block.text, signature: block.signature };
    case "redacted_thinking":
      return { type: "redacted_thinking", data: block.data };
    case "opaque":
      // A block type the gateway does not know, from an Anthropic client: verbatim.
      return block.protocol === "anthropic" ? block.raw : undefined;
    default:
      block satisfies never;
      return undefined;
  }
}

function encodeMedia(block: ToolResultContent & { type: "image" | "document" }): WireBlock {
  const wire: WireBlock = { type: block.type, source: encodeSource(block.source, block.type) };
  if (block.type === "document" && block.title !== undefined) wire.title = block.title;
  return withCache(wire, block.cacheControl);
}

function encodeSource(source: MediaSource, type: "image" | "document"): WireBlock {
  switch (source.kind) {
    case "base64":
      if (type === "document" && source.mediaType === "text/plain") {
        return { type: "text", media_type: "text/plain", data: base64ToUtf8(source.data) };
      }
      return { type: "base64", media_type: source.mediaType, data: source.data };
    case "url":
      return { type: "url", url: source.url };
    case "file":
      return { type: "file", file_id: source.fileId };
  }
}

function encodeToolResult(block: ToolResultBlock): WireBlock {
  const wire: WireBlock = { type: "tool_result", tool_use_id: block.callId };
  const content = block.content.map((c) => encodeAnthropicBlock(c)).filter((c) => c !== undefined);
  const only = content.length === 1 ? content[0] : undefined;
  if (only && only.type === "text" && only.cache_control === undefined) wire.content = only.text;
  else if (content.length > 0) wire.content = content;
  if (block.isError !== undefined) wire.is_error = block.isError;
  return withCache(wire, block.cacheControl);
}

function base64ToUtf8(data: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
  } catch {
    return data;
  }
}
