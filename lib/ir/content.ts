/**
 * Content blocks: the ordered pieces a message is made of, shared by requests and responses.
 *
 * The shapes follow what every protocol can express, not any one protocol's wire: a tool call
 * carries a parsed `input` object (Gemini and Anthropic send objects, OpenAI sends a JSON string
 * that the adapter parses), tool results live in user messages (as Anthropic and Gemini model
 * them; OpenAI's `role: "tool"` messages are regrouped by its codec).
 *
 * @module
 */

/** The four wire protocols ferryllm speaks, on both sides; matches the config's provider `type`. */
export type ProtocolId = "openai" | "openai_responses" | "anthropic" | "gemini";

/** Anthropic-style prompt-cache breakpoint. Only Anthropic upstreams ever see it. */
export interface CacheControl {
  type: "ephemeral";
  ttl?: "5m" | "1h";
}

/**
 * Who minted an opaque artifact (thinking signature, Gemini thought signature, Responses
 * encrypted reasoning). Artifacts are replayed only to the same issuer: a signature from one
 * provider or model is rejected by any other, so translators drop them on a cross-issuer hop.
 */
export interface Origin {
  protocol: ProtocolId;
  provider: string;
  model: string;
}

/**
 * Fields of a block that the IR does not model, keyed by the protocol they were written in, so
 * a same-protocol upstream receives them unchanged (an unknown field on a known Anthropic block,
 * a `cache_control` TTL the gateway does not know yet). Other protocols drop them with a
 * translation warning.
 */
export type BlockExtensions = Partial<Record<ProtocolId, Record<string, unknown>>>;

/** Where an image or document's bytes are. */
export type MediaSource =
  | { kind: "base64"; mediaType: string; data: string }
  | { kind: "url"; url: string; mediaType?: string }
  | { kind: "file"; fileId: string; mediaType?: string };

export interface TextBlock {
  type: "text";
  text: string;
  cacheControl?: CacheControl;
  /** Gemini `thoughtSignature` that rode on this text part. */
  thoughtSignature?: string;
  origin?: Origin;
  extensions?: BlockExtensions;
}

export interface ImageBlock {
  type: "image";
  source: MediaSource;
  /** OpenAI `detail` hint (`low` | `high` | `auto`), kept for OpenAI-family targets. */
  detail?: string;
  cacheControl?: CacheControl;
  extensions?: BlockExtensions;
}

export interface DocumentBlock {
  type: "document";
  source: MediaSource;
  title?: string;
  /** File name where the protocol carries one (OpenAI `file.filename`). */
  filename?: string;
  cacheControl?: CacheControl;
  extensions?: BlockExtensions;
}

export interface ToolCallBlock {
  type: "tool_call";
  id: string;
  name: string;
  /** Always an object: adapters parse string arguments, entries stringify them for OpenAI. */
  input: Record<string, unknown>;
  /**
   * `custom` marks a freeform Responses custom tool (its text input is carried as
   * `{ input: "<text>" }`), so a Responses client gets back a `custom_tool_call`.
   */
  kind?: "function" | "custom";
  /** Gemini `thoughtSignature` attached to the functionCall part. */
  thoughtSignature?: string;
  origin?: Origin;
  cacheControl?: CacheControl;
  extensions?: BlockExtensions;
}

export type ToolResultContent = TextBlock | ImageBlock | DocumentBlock | OpaqueBlock;

export interface ToolResultBlock {
  type: "tool_result";
  callId: string;
  /** The called tool's name when known (Gemini `functionResponse` requires it). */
  name?: string;
  content: ToolResultContent[];
  isError?: boolean;
  /** Mirrors `ToolCallBlock.kind` so a custom call's output goes back as `custom_tool_call_output`. */
  kind?: "function" | "custom";
  cacheControl?: CacheControl;
  extensions?: BlockExtensions;
}

/**
 * Model reasoning. `signature` is the issuer's opaque proof: Anthropic `signature`, Gemini
 * `thoughtSignature`, or Responses `encrypted_content`. It is never shown as text.
 */
export interface ThinkingBlock {
  type: "thinking";
  text: string;
  signature?: string;
  /** Responses reasoning item id (`rs_…`), replayed only to the same issuer. */
  itemId?: string;
  origin?: Origin;
  extensions?: BlockExtensions;
}

/** Anthropic `redacted_thinking`: opaque encrypted reasoning, replayed verbatim to its issuer. */
export interface RedactedThinkingBlock {
  type: "redacted_thinking";
  data: string;
  origin?: Origin;
  extensions?: BlockExtensions;
}

/**
 * A block of a type the gateway does not know (a new Anthropic block type, a Gemini part kind, a
 * Responses content part), kept verbatim in the protocol it came in. Only an upstream of that
 * protocol receives it; every other encoder leaves it out, with a translation warning.
 */
export interface OpaqueBlock {
  type: "opaque";
  protocol: ProtocolId;
  /** The block exactly as the client sent it. */
  raw: Record<string, unknown>;
}

export type ContentBlock =
  | OpaqueBlock
  | TextBlock
  | ImageBlock
  | DocumentBlock
  | ToolCallBlock
  | ToolResultBlock
  | ThinkingBlock
  | RedactedThinkingBlock;

/**
 * `system` here is a system message in the middle of the conversation (Claude Code sends them);
 * the leading system prompt lives in `IrRequest.system`.
 */
export type Role = "system" | "user" | "assistant";

export interface Message {
  role: Role;
  content: ContentBlock[];
  /** Message fields the IR does not model, for a same-protocol upstream (see `BlockExtensions`). */
  extensions?: BlockExtensions;
}
