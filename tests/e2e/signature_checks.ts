/**
 * What the upstream must get back after a real client replayed the reasoning it was shown:
 * the issuer's own signature, byte-exact, on the same place it was minted.
 *
 * @module
 */
import assert from "node:assert/strict";
import { MOCK } from "../support/mock_upstream/mod.ts";

type Recorded = { protocol: string; body: unknown };
type Json = Record<string, unknown>;

/** Anthropic: the replayed assistant turn opens with the mock's thinking block, unchanged. */
export function assertAnthropicThinkingReplayed(requests: Recorded[]): void {
  const replays = requests.flatMap((r) => {
    const messages = ((r.body as Json).messages ?? []) as { role: string; content: unknown }[];
    return messages.filter((m) => m.role === "assistant" && Array.isArray(m.content));
  });
  const withThinking = replays.find((m) =>
    (m.content as Json[]).some((b) => b.type === "thinking")
  );
  assert.ok(
    withThinking,
    `no replayed assistant turn carried thinking: ${JSON.stringify(replays)}`,
  );
  const blocks = withThinking.content as Json[];
  assert.equal(blocks[0].type, "thinking", "thinking must come first in the assistant turn");
  assert.equal(blocks[0].signature, MOCK.signature);
  assert.equal(blocks[0].thinking, MOCK.reasoningText);
}

/** Gemini: the replayed functionCall part carries the mock's thoughtSignature, unchanged. */
export function assertGeminiSignatureReplayed(requests: Recorded[]): void {
  const calls = requests.flatMap((r) => {
    const contents = ((r.body as Json).contents ?? []) as { role?: string; parts?: Json[] }[];
    return contents.filter((c) => c.role === "model").flatMap((c) => c.parts ?? [])
      .filter((p) => p.functionCall !== undefined);
  });
  assert.ok(calls.length > 0, "no functionCall was replayed to the upstream");
  assert.ok(
    calls.some((p) => p.thoughtSignature === MOCK.signature),
    `no replayed functionCall carried the original signature: ${JSON.stringify(calls)}`,
  );
}
