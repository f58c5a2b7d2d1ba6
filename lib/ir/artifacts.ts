/**
 * Opaque reasoning artifacts (Anthropic thinking signatures, Gemini thought signatures,
 * Responses encrypted reasoning) and who may see them again.
 *
 * An artifact is valid only for the issuer that minted it. Toward a client of the same protocol
 * the artifact goes out byte-exact; toward a client of another protocol it is sealed with its
 * origin so that, when the client replays it, the gateway knows where it came from and replays
 * it only to that issuer. Unsealed artifacts replayed by a client are taken to come from an
 * issuer of the client's own protocol.
 *
 * The seal must be valid in every field it travels in: Gemini `thoughtSignature` (and its
 * OpenAI-compatible `thought_signature`) is a protobuf `bytes` field, which JSON carries as
 * standard base64; Anthropic `signature` and Responses `encrypted_content` are opaque strings.
 * So a sealed artifact is the standard, padded base64 of `ferry1[protocol,provider,model]\n`
 * followed by the artifact's UTF-8 bytes. The 6-byte magic encodes to exactly 8 characters,
 * `ZmVycnkx`, so every seal starts with them and a replayed value is decoded only then.
 * The first seal form, `ferry1.<base64url origin>.<artifact>`, is still opened.
 *
 * @module
 */
import type { ContentBlock, Origin, ProtocolId } from "./content.ts";
import type { IrRequest } from "./request.ts";
import { type TranslationWarning, warn } from "./warnings.ts";

const MAGIC = "ferry1";
/** `btoa("ferry1")`: the first 8 characters of every seal. */
const SEALED_PREFIX = "ZmVycnkx";
const LEGACY_SEAL = "ferry1.";

function utf8ToBase64(text: string): string {
  let binary = "";
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Strict: undefined unless `text` is base64 of valid UTF-8. */
function base64ToUtf8(text: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function fromBase64Url(text: string): string | undefined {
  return base64ToUtf8(text.replaceAll("-", "+").replaceAll("_", "/"));
}

/** Artifact → what the client sees: unchanged for same-protocol clients, sealed otherwise. */
export function sealArtifact(
  artifact: string,
  origin: Origin | undefined,
  clientProtocol: ProtocolId,
): string {
  if (!origin || origin.protocol === clientProtocol) return artifact;
  const tag = JSON.stringify([origin.protocol, origin.provider, origin.model]);
  return utf8ToBase64(`${MAGIC}${tag}\n${artifact}`);
}

/** What the client replayed → the artifact and its origin. */
export function openArtifact(
  value: string,
  clientProtocol: ProtocolId,
): { artifact: string; origin: Origin } {
  const opened = value.startsWith(SEALED_PREFIX)
    ? openSeal(value)
    : value.startsWith(LEGACY_SEAL)
    ? openLegacySeal(value)
    : undefined;
  return opened ??
    { artifact: value, origin: { protocol: clientProtocol, provider: "", model: "" } };
}

function openSeal(value: string): { artifact: string; origin: Origin } | undefined {
  const text = base64ToUtf8(value);
  if (!text?.startsWith(MAGIC)) return undefined;
  const newline = text.indexOf("\n");
  if (newline < 0) return undefined;
  const origin = readOrigin(text.slice(MAGIC.length, newline));
  return origin ? { artifact: text.slice(newline + 1), origin } : undefined;
}

function openLegacySeal(value: string): { artifact: string; origin: Origin } | undefined {
  const rest = value.slice(LEGACY_SEAL.length);
  const dot = rest.indexOf(".");
  if (dot <= 0) return undefined;
  const origin = readOrigin(fromBase64Url(rest.slice(0, dot)));
  return origin ? { artifact: rest.slice(dot + 1), origin } : undefined;
}

/** `[protocol, provider, model]` JSON → origin; undefined when it is not ours after all. */
function readOrigin(json: string | undefined): Origin | undefined {
  if (json === undefined) return undefined;
  try {
    const [protocol, provider, model] = JSON.parse(json);
    if (typeof protocol === "string" && typeof provider === "string" && typeof model === "string") {
      return { protocol: protocol as ProtocolId, provider, model };
    }
  } catch {
    // Not a seal: an ordinary artifact that happens to start the same way.
  }
  return undefined;
}

/** May an artifact minted by `origin` be replayed to `target`? Empty fields mean "unknown". */
export function sameIssuer(origin: Origin | undefined, target: Origin): boolean {
  if (!origin) return false;
  if (origin.protocol !== target.protocol) return false;
  if (origin.provider && origin.provider !== target.provider) return false;
  if (origin.model && origin.model !== target.model) return false;
  return true;
}

/**
 * Removes artifacts the target did not mint: signed thinking from another issuer, unsigned
 * thinking (no provider accepts it back as reasoning), foreign thought signatures. Never turns
 * reasoning into visible text. Returns a new request; the input is not modified. A removed
 * thinking block is reported in `warnings` (a dropped signature is not: it is invisible to
 * people and meaningless to any other issuer).
 */
export function dropForeignArtifacts(
  ir: IrRequest,
  target: Origin,
  warnings: TranslationWarning[] = [],
): IrRequest {
  const removed = (block: ContentBlock) => {
    const path = `messages[].content[]{type: ${block.type}}`;
    const why = block.type === "thinking" && !block.signature
      ? "unsigned"
      : "minted by another model";
    warn(warnings, "thinking", path, `${block.type} block removed: ${why}`);
    return undefined;
  };
  const keep = (block: ContentBlock): ContentBlock | undefined => {
    switch (block.type) {
      case "thinking":
        return block.signature && sameIssuer(block.origin, target) ? block : removed(block);
      case "redacted_thinking":
        return sameIssuer(block.origin, target) ? block : removed(block);
      case "tool_call":
      case "text":
        if (block.thoughtSignature && !sameIssuer(block.origin, target)) {
          const { thoughtSignature: _dropped, ...rest } = block;
          return rest as ContentBlock;
        }
        return block;
      default:
        return block;
    }
  };
  const messages = ir.messages.map((m) => ({
    ...m,
    content: m.content.map(keep).filter((b): b is ContentBlock => b !== undefined),
  })).filter((m) => m.content.length > 0);
  return { ...ir, messages };
}
