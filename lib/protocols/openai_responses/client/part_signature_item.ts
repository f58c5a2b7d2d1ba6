/**
 * Carrying a Gemini `thoughtSignature` through a Responses client.
 *
 * Gemini signs a `functionCall` part and rejects the next turn when the signature does not come
 * back on that call. A Responses `function_call` item has no field for it, but stateless clients
 * (Codex) replay every `reasoning` item with its `encrypted_content`. So the signature rides in
 * an empty reasoning item placed right before the call, as the sealed artifact
 * `@part-next.<sig>`; sealing records the Gemini origin, so the gateway replays it only to that
 * issuer and drops it toward any other.
 *
 * @module
 */
import type { Origin } from "../../../ir/content.ts";
import { sealArtifact } from "../../../ir/artifacts.ts";
import { reasoningItem } from "./output_items.ts";

const NEXT = "@part-next.";

/** The reasoning item that carries `signature` for the item after it. */
export function partSignatureItem(
  itemId: string,
  signature: string,
  origin: Origin | undefined,
): Record<string, unknown> {
  return reasoningItem(itemId, [], sealArtifact(NEXT + signature, origin, "openai_responses"));
}

/** An opened `encrypted_content` artifact → the part signature it carries, if it is one. */
export function readPartSignature(artifact: string): string | undefined {
  return artifact.startsWith(NEXT) ? artifact.slice(NEXT.length) : undefined;
}
