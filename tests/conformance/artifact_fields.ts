/**
 * What a reasoning artifact must look like in each client protocol's own field, and whether an
 * upstream request asks for reasoning: the two halves of "a sealed artifact survives the client".
 *
 * @module
 */
import assert from "node:assert/strict";
import type { ProtocolId } from "../../lib/ir/content.ts";
import type { RecordedRequest } from "../support/mock_upstream/mod.ts";

/** Any sealed artifact starts with these characters (`btoa("ferry1")`); the first form with `ferry1.`. */
export const SEALED = ["ZmVycnkx", "ferry1."];

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Gemini `thoughtSignature` (and Chat's `google.thought_signature`, the same Gemini field) is a
 * protobuf `bytes` field: JSON carries it as standard base64, which typed SDKs decode. Anthropic
 * `signature` and Responses `encrypted_content` are strings; an empty one is no artifact.
 */
export function assertArtifactFits(client: ProtocolId, artifact: string): void {
  assert.equal(typeof artifact, "string");
  assert.ok(artifact.length > 0, "an artifact is never empty");
  if (client === "gemini" || client === "openai") {
    assert.match(artifact, BASE64, `${client}: a bytes field takes standard base64`);
    assert.doesNotThrow(() => atob(artifact));
  }
}

/** Does this upstream request ask the model to reason (in its protocol's own way)? */
export function reasoningRequested(req: RecordedRequest, upstream: ProtocolId): boolean {
  const body = req.body as Record<string, Record<string, unknown> | undefined>;
  switch (upstream) {
    case "anthropic":
      return body.thinking !== undefined && body.thinking?.type !== "disabled";
    case "gemini":
      return body.generationConfig?.thinkingConfig !== undefined;
    case "openai_responses":
      return body.reasoning !== undefined;
    case "openai":
      return body.reasoning_effort !== undefined;
  }
}
