/**
 * Property: an IR answer streamed out by the OpenAI entry and read back by the OpenAI adapter,
 * split into random byte chunks, collects to the same answer (modulo the ids and names the
 * entry substitutes). This ties the two halves of the protocol together.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { openaiEntry } from "../../../../lib/protocols/openai/client/mod.ts";
import type { ContentBlock } from "../../../../lib/ir/content.ts";
import { collect } from "../../../../lib/ir/collect.ts";
import { responseToEvents } from "../../../../lib/ir/replay.ts";
import type { IrResponse } from "../../../../lib/ir/response.ts";
import type { StopReason } from "../../../../lib/ir/stop.ts";
import { adapterContext, decodeText } from "./_stream_fixture.ts";

const FINISH: Record<string, [StopReason, string]> = {
  end_turn: ["end_turn", "stop"],
  max_tokens: ["max_tokens", "length"],
  refusal: ["refusal", "content_filter"],
};

const key = fc.stringMatching(/^[a-z]{1,6}$/);
const answer = fc.record({
  thinking: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
  text: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
  calls: fc.array(
    fc.record({
      name: key,
      input: fc.dictionary(key, fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 })
        .map((d) => ({ ...d })),
    }),
    { maxLength: 3 },
  ),
  stop: fc.constantFrom("end_turn", "max_tokens", "refusal"),
  usage: fc.record({
    inputTokens: fc.nat(),
    outputTokens: fc.nat(),
    cacheReadTokens: fc.nat(),
    reasoningTokens: fc.nat(),
  }),
  chunkChars: fc.integer({ min: 0, max: 5 }),
  byteSize: fc.integer({ min: 1, max: 40 }),
});

async function* replay(response: IrResponse, chunkChars: number) {
  yield* responseToEvents(response, chunkChars);
}

Deno.test("OpenAI entry stream → OpenAI adapter decodeStream collects to the same answer", async () => {
  const ctx = adapterContext();
  await fc.assert(
    fc.asyncProperty(answer, async (a) => {
      const content: ContentBlock[] = [];
      if (a.thinking) content.push({ type: "thinking", text: a.thinking, origin: ctx.origin });
      if (a.text) content.push({ type: "text", text: a.text });
      a.calls.forEach((c, i) =>
        content.push({ type: "tool_call", id: `call_${i}`, name: c.name, input: c.input })
      );
      const truncated = a.stop === "max_tokens";
      const [reason, finish] = a.calls.length > 0 && !truncated
        ? ["tool_use", "tool_calls"]
        : FINISH[a.stop];
      const original: IrResponse = {
        id: "up",
        model: "upstream-model",
        content,
        stop: { reason: a.stop as StopReason },
        usage: { ...a.usage, cacheWriteTokens: 0 },
      };
      const encoded = openaiEntry.encodeStream(replay(original, a.chunkChars), {
        newId: (p) => `${p}1`,
        now: () => 0,
        clientModel: "client-model",
        request: { model: "client-model", system: [], messages: [], tools: [], stream: true },
        wire: { includeUsage: true },
        responseId: "chatcmpl-rt",
        upstreamProtocol: "openai",
      });
      const text = (await Array.fromAsync(encoded.chunks)).join("");
      const back = await collect(decodeText(text, a.byteSize, ctx));
      assert.deepEqual(back, {
        ...original,
        id: "chatcmpl-rt",
        model: "client-model",
        stop: { reason: reason as StopReason, raw: finish },
      });
    }),
    { numRuns: 150 },
  );
});
