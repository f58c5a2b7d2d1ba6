/**
 * Carrying a Gemini `thoughtSignature` through an Anthropic client.
 *
 * Gemini signs individual parts (a `functionCall`, sometimes a text part) and rejects the next
 * turn if the signature does not come back on the same part. An Anthropic `tool_use` or `text`
 * block has no field for it, and a tool_use id must stay a plain id. So the signature rides in an
 * empty `thinking` block next to the part it belongs to: Anthropic clients (Claude Code) keep
 * thinking blocks and replay them byte-exact, which is exactly the guarantee needed.
 *
 * The block's signature is the sealed artifact `@part-next.<sig>` (belongs to the following
 * block) or `@part-prev.<sig>` (belongs to the preceding block: used when a stream reveals the
 * signature only after the part has started). Sealing records the origin, so the gateway replays
 * it only to the Gemini issuer; toward any Anthropic upstream it is a foreign artifact and is
 * dropped like any other.
 *
 * @module
 */
import type { Origin } from "../../../ir/content.ts";
import { sealArtifact } from "../../../ir/artifacts.ts";

const NEXT = "@part-next.";
const PREV = "@part-prev.";

export type PartSide = "next" | "prev";

/** The wire thinking block that carries `signature` for the block on `side` of it. */
export function partSignatureBlock(
  signature: string,
  origin: Origin | undefined,
  side: PartSide,
): { type: "thinking"; thinking: string; signature: string } {
  const marked = (side === "next" ? NEXT : PREV) + signature;
  return { type: "thinking", thinking: "", signature: sealArtifact(marked, origin, "anthropic") };
}

/** An opened thinking artifact → the part signature it carries, if it is one of ours. */
export function readPartSignature(
  artifact: string,
): { side: PartSide; signature: string } | undefined {
  if (artifact.startsWith(NEXT)) return { side: "next", signature: artifact.slice(NEXT.length) };
  if (artifact.startsWith(PREV)) return { side: "prev", signature: artifact.slice(PREV.length) };
  return undefined;
}
