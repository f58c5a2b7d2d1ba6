/**
 * Anthropic content blocks (client side) → IR blocks.
 *
 * Empty and whitespace-only text blocks are omitted (Anthropic rejects them, and OpenAI-style
 * clients produce them). Thinking signatures and redacted data are opened with `openArtifact`,
 * so blocks the gateway sealed for this client come back with their true origin.
 *
 * The protocol is open (docs/compatibility.md, "Open protocols"): a block type the IR does not
 * model (server-tool transcripts such as `server_tool_use`, `web_search_tool_result`, and types
 * newer than this gateway) becomes an opaque block, and so does a known block whose `source` is
 * of an unknown kind; fields the IR does not model on a known block ride in
 * `extensions.anthropic`. An Anthropic upstream receives both verbatim; translated, they are
 * left out with a warning.
 *
 * @module
 */
import type {
  BlockExtensions,
  ContentBlock,
  MediaSource,
  Origin,
  Role,
  ToolResultContent,
} from "../../../ir/content.ts";
import { openArtifact } from "../../../ir/artifacts.ts";
import { invalidRequest } from "../../../ir/error.ts";
import { readPartSignature } from "./part_signature.ts";
import {
  expectArray,
  expectObject,
  expectString,
  type JsonObject,
  optionalBoolean,
  optionalString,
} from "../../../json/fields.ts";
import { blockExtras, optionalCacheControl } from "../wire.ts";

/** The fields of each known block type the IR models; any other field is kept verbatim. */
const MODELED = {
  text: ["type", "text"],
  image: ["type", "source"],
  document: ["type", "source", "title"],
  tool_use: ["type", "id", "name", "input"],
  tool_result: ["type", "tool_use_id", "content", "is_error"],
  thinking: ["type", "thinking", "signature"],
  redacted_thinking: ["type", "data"],
} as const;

function opaque(block: JsonObject): ContentBlock & { type: "opaque" } {
  return { type: "opaque", protocol: "anthropic", raw: block };
}

function withExtensions<B extends ContentBlock>(ir: B, extensions: BlockExtensions | undefined): B {
  return extensions ? { ...ir, extensions } : ir;
}

/** A message's `content` (string or blocks) → IR blocks, checked against the message's role. */
export function decodeAnthropicContent(value: unknown, role: Role, path: string): ContentBlock[] {
  if (typeof value === "string") return value.trim() === "" ? [] : [{ type: "text", text: value }];
  const items = expectArray(value, path);
  const out: ContentBlock[] = [];
  let pendingSignature: { signature: string; origin: Origin } | undefined;
  items.forEach((item, i) => {
    const block = decodeBlock(expectObject(item, `${path}[${i}]`), role, `${path}[${i}]`);
    if (block === undefined) return;
    if ("partSignature" in block) {
      if (block.side === "prev") attachSignature(out.at(-1), block.signature, block.origin);
      else pendingSignature = { signature: block.signature, origin: block.origin };
      return;
    }
    if (pendingSignature) {
      attachSignature(block, pendingSignature.signature, pendingSignature.origin);
      pendingSignature = undefined;
    }
    out.push(block);
  });
  return out;
}

type PartSignature = {
  partSignature: true;
  side: "next" | "prev";
  signature: string;
  origin: Origin;
};

function attachSignature(
  block: ContentBlock | undefined,
  signature: string,
  origin: Origin,
): void {
  if (block?.type === "tool_call" || block?.type === "text") {
    block.thoughtSignature = signature;
    block.origin = origin;
  }
}

function decodeBlock(
  block: JsonObject,
  role: Role,
  path: string,
): ContentBlock | PartSignature | undefined {
  const type = expectString(block.type, `${path}.type`);
  const onlyIn = (allowed: Role) => {
    if (role !== allowed) {
      throw invalidRequest(`${path}: ${type} blocks are only allowed in ${allowed} messages`, path);
    }
  };
  switch (type) {
    case "text":
      return decodeText(block, path);
    case "image":
    case "document":
      if (role === "system") onlyIn("user");
      return decodeMedia(block, type, path);
    case "tool_use":
      onlyIn("assistant");
      return decodeToolUse(block, path);
    case "tool_result":
      onlyIn("user");
      return decodeToolResult(block, path);
    case "thinking":
      onlyIn("assistant");
      return decodeThinking(block, path);
    case "redacted_thinking": {
      onlyIn("assistant");
      const { artifact, origin } = openArtifact(
        expectString(block.data, `${path}.data`),
        "anthropic",
      );
      return withExtensions(
        { type: "redacted_thinking", data: artifact, origin },
        blockExtras(block, MODELED.redacted_thinking, undefined),
      );
    }
    default:
      return opaque(block);
  }
}

function decodeText(block: JsonObject, path: string): ContentBlock | undefined {
  const text = expectString(block.text, `${path}.text`);
  if (text.trim() === "") return undefined;
  const cacheControl = optionalCacheControl(block.cache_control, `${path}.cache_control`);
  return withExtensions(
    cacheControl ? { type: "text", text, cacheControl } : { type: "text", text },
    blockExtras(block, MODELED.text, cacheControl),
  );
}

function decodeThinking(block: JsonObject, path: string): ContentBlock | PartSignature {
  const text = expectString(block.thinking, `${path}.thinking`);
  const signature = optionalString(block.signature, `${path}.signature`) ?? "";
  if (signature === "") {
    return withExtensions(
      { type: "thinking", text },
      blockExtras(block, MODELED.thinking, undefined),
    );
  }
  const { artifact, origin } = openArtifact(signature, "anthropic");
  const part = text === "" ? readPartSignature(artifact) : undefined;
  if (part) return { partSignature: true, ...part, origin };
  return withExtensions(
    { type: "thinking", text, signature: artifact, origin },
    blockExtras(block, MODELED.thinking, undefined),
  );
}

function decodeToolUse(block: JsonObject, path: string): ContentBlock {
  const id = expectString(block.id, `${path}.id`);
  if (id.trim() === "") throw invalidRequest(`${path}.id: tool_use id must not be empty`, path);
  const name = expectString(block.name, `${path}.name`);
  const input = expectObject(block.input ?? {}, `${path}.input`);
  const cacheControl = optionalCacheControl(block.cache_control, `${path}.cache_control`);
  return withExtensions({
    type: "tool_call",
    id,
    name,
    input,
    ...(cacheControl ? { cacheControl } : {}),
  }, blockExtras(block, MODELED.tool_use, cacheControl));
}

function decodeToolResult(block: JsonObject, path: string): ContentBlock {
  const callId = expectString(block.tool_use_id, `${path}.tool_use_id`);
  if (callId.trim() === "") {
    throw invalidRequest(`${path}.tool_use_id: must not be empty`, `${path}.tool_use_id`);
  }
  const content: ToolResultContent[] = [];
  const raw = block.content;
  if (typeof raw === "string") {
    if (raw !== "") content.push({ type: "text", text: raw });
  } else if (raw !== undefined && raw !== null) {
    expectArray(raw, `${path}.content`).forEach((item, i) => {
      const p = `${path}.content[${i}]`;
      const inner = expectObject(item, p);
      const type = expectString(inner.type, `${p}.type`);
      if (type === "text") {
        const text = decodeText(inner, p);
        if (text) content.push(text as ToolResultContent);
      } else if (type === "image" || type === "document") {
        content.push(decodeMedia(inner, type, p));
      } else {
        content.push(opaque(inner)); // `search_result`, `tool_reference` …
      }
    });
  }
  const isError = optionalBoolean(block.is_error, `${path}.is_error`);
  const cacheControl = optionalCacheControl(block.cache_control, `${path}.cache_control`);
  return withExtensions({
    type: "tool_result",
    callId,
    content,
    ...(isError !== undefined ? { isError } : {}),
    ...(cacheControl ? { cacheControl } : {}),
  }, blockExtras(block, MODELED.tool_result, cacheControl));
}

function decodeMedia(
  block: JsonObject,
  type: "image" | "document",
  path: string,
): ToolResultContent {
  const source = decodeSource(expectObject(block.source, `${path}.source`), `${path}.source`);
  if (!source) return opaque(block);
  const cacheControl = optionalCacheControl(block.cache_control, `${path}.cache_control`);
  const title = type === "document" ? optionalString(block.title, `${path}.title`) : undefined;
  return withExtensions({
    type,
    source,
    ...(title !== undefined ? { title } : {}),
    ...(cacheControl ? { cacheControl } : {}),
  }, blockExtras(block, MODELED[type], cacheControl));
}

/**
 * A plain-text document source becomes base64 `text/plain` bytes: every protocol can carry a
 * file, and the Anthropic adapter turns it back into a `text` source byte-exact. A source kind
 * the IR does not know (`content`) → undefined: the block is kept whole as an opaque block.
 */
function decodeSource(source: JsonObject, path: string): MediaSource | undefined {
  const kind = expectString(source.type, `${path}.type`);
  switch (kind) {
    case "base64":
      return {
        kind: "base64",
        mediaType: expectString(source.media_type, `${path}.media_type`),
        data: expectString(source.data, `${path}.data`),
      };
    case "url":
      return { kind: "url", url: expectString(source.url, `${path}.url`) };
    case "file":
      return { kind: "file", fileId: expectString(source.file_id, `${path}.file_id`) };
    case "text":
      return {
        kind: "base64",
        mediaType: "text/plain",
        data: utf8ToBase64(expectString(source.data, `${path}.data`)),
      };
    default:
      return undefined;
  }
}

function utf8ToBase64(text: string): string {
  let binary = "";
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}
