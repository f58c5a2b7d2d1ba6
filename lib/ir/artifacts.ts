/**
 * Opaque reasoning artifacts (Anthropic thinking signatures, Gemini thought signatures,
 * Responses encrypted reasoning) and who may see them again.
 *
 * An artifact is valid only for the issuer that minted it. Toward a client of the same protocol
 * the artifact goes out byte-exact; toward a client of another protocol it is sealed with its
 * origin (`ferry1.<origin>.<artifact>`) so that, when the client replays it, the gateway knows
 * where it came from and replays it only to that issuer. Unsealed artifacts replayed by a client
 * are taken to come from an issuer of the client's own protocol.
 *
 * @module
 */
import type { ContentBlock, Origin, ProtocolId } from "./content.ts";
import type { IrRequest } from "./request.ts";

const SEAL = "ferry1.";

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** Artifact → what the client sees: unchanged for same-protocol clients, sealed otherwise. */
export function sealArtifact(
  artifact: string,
  origin: Origin | undefined,
  clientProtocol: ProtocolId,
): string {
  if (!origin || origin.protocol === clientProtocol) return artifact;
  const tag = toBase64Url(JSON.stringify([origin.protocol, origin.provider, origin.model]));
  return `${SEAL}${tag}.${artifact}`;
}

/** What the client replayed → the artifact and its origin. */
export function openArtifact(
  value: string,
  clientProtocol: ProtocolId,
): { artifact: string; origin: Origin } {
  if (value.startsWith(SEAL)) {
    const rest = value.slice(SEAL.length);
    const dot = rest.indexOf(".");
    if (dot > 0) {
      try {
        const [protocol, provider, model] = JSON.parse(fromBase64Url(rest.slice(0, dot)));
        if (
          typeof protocol === "string" && typeof provider === "string" && typeof model === "string"
        ) {
          return {
            artifact: rest.slice(dot + 1),
            origin: { protocol: protocol as ProtocolId, provider, model },
          };
        }
      } catch {
        // Not ours after all: treat it as an ordinary artifact below.
      }
    }
  }
  return { artifact: value, origin: { protocol: clientProtocol, provider: "", model: "" } };
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
 * reasoning into visible text. Returns a new request; the input is not modified.
 */
export function dropForeignArtifacts(ir: IrRequest, target: Origin): IrRequest {
  const keep = (block: ContentBlock): ContentBlock | undefined => {
    switch (block.type) {
      case "thinking":
        return block.signature && sameIssuer(block.origin, target) ? block : undefined;
      case "redacted_thinking":
        return sameIssuer(block.origin, target) ? block : undefined;
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
