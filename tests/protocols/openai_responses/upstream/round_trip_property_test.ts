import { takesOpenAIReasoningEffort } from "../../../../lib/ir/reasoning_levels.ts";
import assert from "node:assert/strict";
import fc from "fast-check";
import { responsesAdapter } from "../../../../lib/protocols/openai_responses/upstream/mod.ts";
import { responsesEntry } from "../../../../lib/protocols/openai_responses/client/mod.ts";
import type { ContentBlock, Message } from "../../../../lib/ir/content.ts";
import type { IrRequest, Tool } from "../../../../lib/ir/request.ts";
import { adapterContext } from "./_context.ts";

const info = { url: new URL("http://x/v1/responses"), headers: new Headers(), params: {} };
const text = fc.string({ minLength: 1, maxLength: 20 });
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
const input = fc.dictionary(name, fc.oneof(fc.string(), fc.integer(), fc.boolean()), {
  maxKeys: 3,
});

const tool: fc.Arbitrary<Tool> = fc.record({
  name,
  description: text,
  inputSchema: fc.constant({ type: "object", properties: {} }),
  strict: fc.boolean(),
});

/** Rounds of user → assistant (text + calls); a round's results open the next user turn. */
const conversation: fc.Arbitrary<Message[]> = fc.array(
  fc.record({
    user: text,
    reply: fc.option(text, { nil: undefined }),
    calls: fc.array(fc.tuple(name, input), { maxLength: 2 }),
    result: text,
  }),
  { minLength: 1, maxLength: 3 },
).map((rounds) => {
  const messages: Message[] = [];
  let pending: ContentBlock[] = [];
  rounds.forEach((round, r) => {
    messages.push({ role: "user", content: [...pending, { type: "text", text: round.user }] });
    const assistant: ContentBlock[] = round.reply ? [{ type: "text", text: round.reply }] : [];
    const calls = round.calls.map(([n, i], j) => ({
      type: "tool_call" as const,
      id: `call_${r}_${j}`,
      name: n,
      input: i,
    }));
    assistant.push(...calls);
    if (assistant.length > 0) messages.push({ role: "assistant", content: assistant });
    pending = calls.map((c) => ({
      type: "tool_result" as const,
      callId: c.id,
      name: c.name,
      content: [{ type: "text" as const, text: round.result }],
    }));
  });
  return messages;
}).filter((messages) => messages.every((m, i) => i === 0 || m.role !== messages[i - 1].role));

const request: fc.Arbitrary<IrRequest> = fc.record({
  // Not an OpenAI reasoning model: those get no sampling settings from translated clients.
  model: name.filter((n) => !takesOpenAIReasoningEffort(n)),
  system: fc.option(text.map((t) => [{ type: "text" as const, text: t }]), { nil: undefined }),
  messages: conversation,
  tools: fc.uniqueArray(tool, { selector: (t) => t.name, maxLength: 3 }),
  toolChoice: fc.option(
    fc.constantFrom({ type: "auto" as const }, { type: "any" as const }, { type: "none" as const }),
    { nil: undefined },
  ),
  parallelToolCalls: fc.option(fc.boolean(), { nil: undefined }),
  maxTokens: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
  temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
  topP: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  stream: fc.boolean(),
  user: fc.option(text, { nil: undefined }),
  metadata: fc.option(fc.dictionary(name, text, { maxKeys: 2 }), { nil: undefined }),
}).map((r) => {
  const ir = { ...r, system: r.system ?? [] } as IrRequest;
  for (const key of Object.keys(ir) as (keyof IrRequest)[]) {
    if (ir[key] === undefined) delete ir[key];
  }
  return ir;
});

Deno.test("IR → buildResponsesRequest → decodeResponsesRequest gives the IR back", () => {
  fc.assert(
    fc.property(request, (ir) => {
      const body = responsesAdapter.encodeRequest(ir, adapterContext("anthropic")).value.body;
      const decoded = responsesEntry.decodeRequest(JSON.parse(JSON.stringify(body)), info).ir;
      const { extensions: _ext, ...rest } = decoded;
      // JSON-normalized: fast-check dictionaries have null prototypes.
      assert.deepEqual(rest, JSON.parse(JSON.stringify(ir)));
    }),
    { numRuns: 200 },
  );
});
