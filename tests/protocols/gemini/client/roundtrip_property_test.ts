/**
 * Property: what the Gemini adapter sends, the Gemini entry reads back as the same request.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeGeminiRequest } from "../../../../lib/protocols/gemini/upstream/mod.ts";
import { geminiEntry } from "../../../../lib/protocols/gemini/client/mod.ts";
import type { ContentBlock, Message } from "../../../../lib/ir/content.ts";
import type { IrRequest, Tool } from "../../../../lib/ir/request.ts";
import { adapterContext } from "../upstream/_context.ts";
import { requestInfo } from "./_context.ts";

const text = fc.string({ minLength: 1, maxLength: 20 });
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const json = fc.dictionary(
  fc.stringMatching(/^[a-z]{1,6}$/),
  fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
  ),
  { maxKeys: 4 },
);

const tool: fc.Arbitrary<Tool> = fc.record({
  name,
  description: text,
  props: fc.uniqueArray(
    fc.tuple(
      fc.stringMatching(/^[a-z]{1,8}$/),
      fc.constantFrom("string", "number", "integer", "boolean"),
    ),
    { minLength: 1, maxLength: 4, selector: ([k]) => k },
  ),
}).map(({ name, description, props }) => ({
  name,
  description,
  inputSchema: {
    type: "object",
    properties: Object.fromEntries(props.map(([k, type]) => [k, { type }])),
    required: [props[0][0]],
  },
}));

/** A conversation of plain exchanges and tool exchanges whose results answer their calls. */
const conversation: fc.Arbitrary<Message[]> = fc.array(
  fc.oneof(
    fc.record({ user: text, assistant: text }).map(({ user, assistant }) =>
      [
        { role: "user", content: [{ type: "text", text: user }] },
        { role: "assistant", content: [{ type: "text", text: assistant }] },
      ] as Message[]
    ),
    fc.record({
      ask: text,
      calls: fc.array(fc.record({ name, input: json, result: text, isError: fc.boolean() }), {
        minLength: 1,
        maxLength: 3,
      }),
    }).map(({ ask, calls }) =>
      [
        { role: "user", content: [{ type: "text", text: ask }] },
        {
          role: "assistant",
          content: calls.map((c, i): ContentBlock => ({
            type: "tool_call",
            id: `id_${ask.length}_${i}`,
            name: c.name,
            input: c.input,
          })),
        },
        {
          role: "user",
          content: calls.map((c, i): ContentBlock => ({
            type: "tool_result",
            callId: `id_${ask.length}_${i}`,
            name: c.name,
            content: [{ type: "text", text: c.result }],
            ...(c.isError ? { isError: true } : {}),
          })),
        },
      ] as Message[]
    ),
  ),
  { minLength: 1, maxLength: 4 },
).map((turns) => turns.flat());

const request: fc.Arbitrary<IrRequest> = fc.record({
  system: fc.array(text, { maxLength: 2 }),
  messages: conversation,
  tools: fc.uniqueArray(tool, { maxLength: 3, selector: (t) => t.name }),
  maxTokens: fc.option(fc.integer({ min: 1, max: 100000 }), { nil: undefined }),
  temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
  topK: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  stopSequences: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  choice: fc.constantFrom("auto", "any", "none", undefined),
}).map((r) => {
  const ir: IrRequest = {
    model: "gemini-2.5-flash",
    system: r.system.map((t) => ({ type: "text", text: t })),
    messages: r.messages,
    tools: r.tools,
    stream: true,
  };
  if (r.maxTokens !== undefined) ir.maxTokens = r.maxTokens;
  if (r.temperature !== undefined) ir.temperature = r.temperature;
  if (r.topK !== undefined) ir.topK = r.topK;
  if (r.stopSequences) ir.stopSequences = r.stopSequences;
  if (r.choice && r.tools.length > 0) ir.toolChoice = { type: r.choice };
  return ir;
});

/** Gemini alternates roles: consecutive same-role messages arrive merged. */
function merged(messages: Message[]): Message[] {
  const out: Message[] = [];
  for (const m of messages) {
    const last = out.at(-1);
    if (last?.role === m.role) last.content = [...last.content, ...m.content];
    else out.push({ role: m.role, content: [...m.content] });
  }
  return out;
}

Deno.test("Gemini adapter body → Gemini entry decode gives back the IR request", () => {
  fc.assert(
    fc.property(request, (ir) => {
      const body = encodeGeminiRequest(ir, adapterContext({ clientProtocol: "openai" }));
      const wireBody = JSON.parse(JSON.stringify(body));
      const { ir: back } = geminiEntry.decodeRequest(wireBody, requestInfo(ir.model));
      // JSON copy: fast-check builds null-prototype dictionaries, the wire gives plain objects.
      const expected = JSON.parse(JSON.stringify({ ...ir, messages: merged(ir.messages) }));
      assert.deepStrictEqual(back, expected);
    }),
    { numRuns: 200 },
  );
});
