/**
 * Property: a random IR request (text turns, tool-call turns, tool-result turns and the
 * sampling/tool fields Chat Completions carries) survives the adapter's encode followed by the
 * entry's decode. Normalizations are the documented lossy spots: several system blocks join
 * into one.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeOpenAIRequest } from "../../../../lib/protocols/openai/upstream/encode_request.ts";
import { openaiEntry } from "../../../../lib/protocols/openai/client/mod.ts";
import type { Message, TextBlock, ToolCallBlock } from "../../../../lib/ir/content.ts";
import type { IrRequest, Tool } from "../../../../lib/ir/request.ts";
import { INFO } from "./_entry_context.ts";

const text = fc.string({ minLength: 1, maxLength: 12 });
const textBlock = text.map((t): TextBlock => ({ type: "text", text: t }));
const key = fc.stringMatching(/^[a-z]{1,6}$/);
const input = fc.dictionary(key, fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 3 })
  .map((d) => ({ ...d })); // fast-check builds null-prototype objects; JSON gives plain ones

const turn = fc.record({
  user: fc.array(textBlock, { minLength: 1, maxLength: 2 }),
  reply: fc.option(text, { nil: undefined }),
  calls: fc.array(
    fc.record({ name: key, input, result: fc.option(text, { nil: undefined }) }),
    { maxLength: 3 },
  ),
});

function buildMessages(turns: {
  user: TextBlock[];
  reply?: string;
  calls: { name: string; input: Record<string, unknown>; result?: string }[];
}[]): Message[] {
  const messages: Message[] = [];
  turns.forEach((t, i) => {
    messages.push({ role: "user", content: t.user });
    const calls: ToolCallBlock[] = t.calls.map((c, j) => ({
      type: "tool_call",
      id: `call_${i}_${j}`,
      name: c.name,
      input: c.input,
    }));
    const reply: TextBlock[] = t.reply ? [{ type: "text", text: t.reply }] : [];
    if (reply.length + calls.length > 0) {
      messages.push({ role: "assistant", content: [...reply, ...calls] });
    }
    if (calls.length > 0) {
      messages.push({
        role: "user",
        content: t.calls.map((c, j) => ({
          type: "tool_result" as const,
          callId: `call_${i}_${j}`,
          name: c.name,
          content: c.result ? [{ type: "text" as const, text: c.result }] : [],
        })),
      });
    }
  });
  return messages;
}

const tool = fc.record({
  name: key,
  description: fc.option(text, { nil: undefined }),
  strict: fc.option(fc.boolean(), { nil: undefined }),
});

const request = fc.record({
  system: fc.array(textBlock, { maxLength: 2 }),
  turns: fc.array(turn, { minLength: 1, maxLength: 3 }),
  tools: fc.uniqueArray(tool, { selector: (t) => t.name, maxLength: 3 }),
  maxTokens: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
  temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true, noDefaultInfinity: true }), {
    nil: undefined,
  }),
  stopSequences: fc.option(fc.array(text, { minLength: 1, maxLength: 4 }), { nil: undefined }),
  toolChoice: fc.option(
    fc.oneof(
      fc.constant({ type: "auto" as const }),
      fc.constant({ type: "any" as const }),
      fc.constant({ type: "none" as const }),
      key.map((name) => ({ type: "tool" as const, name })),
    ),
    { nil: undefined },
  ),
  parallelToolCalls: fc.option(fc.boolean(), { nil: undefined }),
  effort: fc.option(fc.constantFrom("none", "low", "medium", "high", "xhigh" as const), {
    nil: undefined,
  }),
  promptKey: fc.option(text, { nil: undefined }),
  stream: fc.boolean(),
});

function clean<T extends object>(value: T): T {
  for (const k of Object.keys(value) as (keyof T)[]) if (value[k] === undefined) delete value[k];
  return value;
}

Deno.test("IR requests survive encodeOpenAIRequest → openaiEntry.decodeRequest", () => {
  fc.assert(
    fc.property(request, (r) => {
      const tools: Tool[] = r.tools.map((t) =>
        clean({
          name: t.name,
          description: t.description,
          inputSchema: { type: "object", properties: { [t.name]: { type: "string" } } },
          strict: t.strict,
        })
      );
      const ir: IrRequest = clean({
        model: "gpt-4o",
        system: r.system,
        messages: buildMessages(r.turns),
        tools,
        toolChoice: r.toolChoice,
        parallelToolCalls: tools.length > 0 ? r.parallelToolCalls : undefined,
        maxTokens: r.maxTokens,
        temperature: r.temperature,
        stopSequences: r.stopSequences,
        stream: r.stream,
        reasoning: r.effort ? { effort: r.effort } : undefined,
        promptCache: r.promptKey ? { key: r.promptKey } : undefined,
      });
      const decoded = openaiEntry.decodeRequest(
        JSON.parse(JSON.stringify(encodeOpenAIRequest(ir))),
        INFO,
      );
      const joined = r.system.map((b) => b.text).join("\n\n");
      const expected = { ...ir, system: joined ? [{ type: "text", text: joined }] : [] };
      assert.deepEqual(decoded.ir, expected);
      assert.deepEqual(decoded.wire, { includeUsage: r.stream });
    }),
    { numRuns: 300 },
  );
});
