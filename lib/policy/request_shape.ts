/**
 * `debug_log_request_shape`: what an upstream request looked like, without what it said.
 *
 * One object per upstream request: model, stream flag, message roles, block types and sizes,
 * and stable hashes of the system prompt, the tools, every message and block, every other
 * top-level field and the whole body. Comparing two turns' shapes shows the first block whose
 * hash changed, which is where the provider's prefix cache stopped matching. It never contains
 * prompt text: roles and types are reduced to short identifiers and everything else to hashes
 * and byte counts, so the line is safe to log in production.
 *
 * Works on the wire body of all four protocols: `messages` (OpenAI Chat, Anthropic), `input`
 * (Responses) and `contents` (Gemini).
 *
 * @module
 */
import { shortHash } from "../json/stable_hash.ts";
import { isObject } from "../json/fields.ts";

export interface RequestShapeInfo {
  provider: string;
  model: string;
  stream: boolean;
}

/** Message entry of a shape: role, hash and `type:bytes:hash` per block. */
export interface MessageShape {
  role: string;
  hash: string;
  blocks: string[];
}

const encoder = new TextEncoder();
const SYSTEM_FIELDS = ["system", "instructions", "systemInstruction", "system_instruction"];
const MESSAGE_FIELDS = ["messages", "input", "contents"];

export function describeRequestShape(
  body: unknown,
  info: RequestShapeInfo,
): Record<string, unknown> {
  const json = JSON.stringify(body) ?? "";
  const shape: Record<string, unknown> = {
    provider: info.provider,
    model: info.model,
    stream: info.stream,
    body_bytes: encoder.encode(json).length,
    body_hash: shortHash(json),
  };
  if (!isObject(body)) return shape;
  const systemField = SYSTEM_FIELDS.find((k) => body[k] !== undefined);
  if (systemField) shape.system_hash = hashOf(body[systemField]);
  if (Array.isArray(body.tools)) {
    shape.tool_count = body.tools.length;
    shape.tools_hash = hashOf(body.tools);
  }
  const messageField = MESSAGE_FIELDS.find((k) => body[k] !== undefined);
  if (messageField) {
    shape.messages_field = messageField;
    shape.messages = messageShapes(body[messageField]);
  }
  shape.fields = fieldHashes(body, [systemField, messageField, "tools"]);
  return shape;
}

/** Hashes of the remaining top-level fields, by name: a changed knob shows up here. */
function fieldHashes(
  body: Record<string, unknown>,
  covered: (string | undefined)[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(body).sort()) {
    if (!covered.includes(key)) out[identifier(key)] = hashOf(body[key]);
  }
  return out;
}

function messageShapes(value: unknown): MessageShape[] {
  // Responses accepts a bare string as the whole input.
  if (typeof value === "string") return [{ role: "user", hash: hashOf(value), blocks: [] }];
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    const record = isObject(item) ? item : {};
    // Responses items without a role (function_call, reasoning …) are named by their type.
    const role = identifier(record.role ?? record.type);
    const parts = record.content ?? record.parts;
    const blocks = typeof parts === "string"
      ? [blockShape("text", parts)]
      : Array.isArray(parts)
      ? parts.map((part) => blockShape(partType(part), part))
      : [];
    // OpenAI Chat keeps an assistant's tool calls beside its content.
    if (Array.isArray(record.tool_calls)) {
      for (const call of record.tool_calls) blocks.push(blockShape("tool_call", call));
    }
    return { role, hash: hashOf(item), blocks };
  });
}

function blockShape(type: string, part: unknown): string {
  const json = JSON.stringify(part) ?? "";
  return `${type}:${encoder.encode(json).length}:${shortHash(json, 8)}`;
}

/** `type` where the wire has one; Gemini parts are named by their first data key. */
function partType(part: unknown): string {
  if (!isObject(part)) return typeof part;
  if (typeof part.type === "string") return identifier(part.type);
  const key = Object.keys(part).find((k) => k !== "thought" && k !== "thoughtSignature");
  return identifier(key);
}

/**
 * Roles, types and field names come from the body; anything that does not look like an
 * identifier is replaced, so not even a malformed body can put prompt text into the log.
 */
function identifier(value: unknown): string {
  return typeof value === "string" && /^[A-Za-z_][A-Za-z0-9_.-]{0,39}$/.test(value) ? value : "?";
}

function hashOf(value: unknown): string {
  return shortHash(JSON.stringify(value) ?? "");
}
