import { openArtifact } from "../../../../lib/ir/artifacts.ts";
import assert from "node:assert/strict";
import fc from "fast-check";
import { anthropicEntry } from "../../../../lib/protocols/anthropic/client/mod.ts";
import { buildAnthropicRequest } from "../../../../lib/protocols/anthropic/upstream/encode_request.ts";
import { decodeAnthropicResponse } from "../../../../lib/protocols/anthropic/upstream/decode_response.ts";
import type { ContentBlock, Message, Origin } from "../../../../lib/ir/content.ts";
import type { IrRequest } from "../../../../lib/ir/request.ts";
import type { IrResponse } from "../../../../lib/ir/response.ts";
import { collect } from "../../../../lib/ir/collect.ts";
import { decodeSse } from "../../../../lib/streaming/sse_decode.ts";
import { adapterContext, fixtureJson } from "../upstream/_context.ts";
import { entryContext, INFO } from "./_context.ts";
import { decodeAnthropicStream } from "../../../../lib/protocols/anthropic/upstream/decode_stream.ts";

type Wire = Record<string, unknown>;
const decode = (body: unknown) => anthropicEntry.decodeRequest(body, INFO).ir;
const GEMINI: Origin = { protocol: "gemini", provider: "g", model: "gemini-3-pro" };

Deno.test("Claude Code request survives Anthropic client → Anthropic upstream with every field", () => {
  const original = fixtureJson("claude_code/request.json") as Wire & { messages: Wire[] };
  const body = buildAnthropicRequest(decode(original), adapterContext()).body;
  // The one documented difference: string content is sent as one text block (the same prompt
  // to the API). Per-message `output_config` goes back as sent.
  const expected = structuredClone(original);
  for (const m of expected.messages) {
    if (typeof m.content === "string") m.content = [{ type: "text", text: m.content }];
  }
  assert.deepEqual(body, expected);
});

Deno.test("Claude Code request toward Anthropic for a non-Anthropic client carries no Anthropic-only fields", () => {
  const ir = decode(fixtureJson("claude_code/request.json"));
  const req = buildAnthropicRequest(
    ir,
    adapterContext({ clientProtocol: "openai", headers: { "anthropic-beta": "x" } }),
  );
  const body = req.body as Wire & { messages: Wire[]; tools: Wire[] };
  assert.equal(body.context_management, undefined);
  assert.equal(req.headers["anthropic-beta"], undefined);
  assert.equal(body.tools[1].defer_loading, undefined);
  assert.ok(body.messages.every((m) => m.role !== "system"));
});

Deno.test("thinking signature and redacted data pass Anthropic → IR → Anthropic byte-exact", () => {
  const upstream = fixtureJson("thinking/response.json") as { content: Wire[] };
  const ir = decodeAnthropicResponse(upstream, adapterContext());
  const answer = anthropicEntry.encodeResponse(ir, entryContext()) as { content: Wire[] };
  assert.deepEqual(answer.content, upstream.content);
  // The client replays the turn: the upstream must receive the very same blocks.
  const next = decode({
    model: "claude-opus-4-6",
    messages: [
      { role: "user", content: "q" },
      { role: "assistant", content: answer.content },
      { role: "user", content: "more" },
    ],
  });
  const body = buildAnthropicRequest(next, adapterContext()).body as { messages: Wire[] };
  assert.deepEqual(body.messages[1].content, upstream.content);
});

Deno.test("thinking from another protocol is sealed for Anthropic clients and opened on replay", () => {
  const origin: Origin = { protocol: "openai_responses", provider: "oai", model: "gpt-5" };
  const response: IrResponse = {
    id: "r",
    model: "gpt-5",
    content: [
      { type: "thinking", text: "summary", signature: "gAAAA-encrypted", origin },
      { type: "text", text: "done" },
    ],
    stop: { reason: "end_turn" },
    usage: {
      inputTokens: 1,
      outputTokens: 1,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    },
  };
  const answer = anthropicEntry.encodeResponse(response, entryContext()) as { content: Wire[] };
  assert.match(answer.content[0].signature as string, /^ZmVycnkx[A-Za-z0-9+/]*={0,2}$/);
  assert.equal(
    openArtifact(answer.content[0].signature as string, "anthropic").artifact,
    "gAAAA-encrypted",
  );
  const ir = decode({
    model: "m",
    messages: [{ role: "user", content: "q" }, { role: "assistant", content: answer.content }],
  });
  assert.deepEqual(ir.messages[1].content[0], {
    type: "thinking",
    text: "summary",
    signature: "gAAAA-encrypted",
    origin,
  });
});

function toolTurn(answer: Wire[], callId: string): IrRequest {
  return decode({
    model: "m",
    messages: [
      { role: "user", content: "q" },
      { role: "assistant", content: answer },
      { role: "user", content: [{ type: "tool_result", tool_use_id: callId, content: "ok" }] },
    ],
  });
}

Deno.test("a Gemini thoughtSignature on a tool call survives a Claude Code round trip", () => {
  const response: IrResponse = {
    id: "r",
    model: "gemini-3-pro",
    content: [
      { type: "text", text: "calling" },
      {
        type: "tool_call",
        id: "call_1",
        name: "Bash",
        input: { command: "ls" },
        thoughtSignature: "CiQBVKhc7+gemini/sig==",
        origin: GEMINI,
      },
    ],
    stop: { reason: "end_turn" },
    usage: {
      inputTokens: 1,
      outputTokens: 1,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    },
  };
  const answer = anthropicEntry.encodeResponse(response, entryContext()) as {
    content: Wire[];
    stop_reason: string;
  };
  assert.equal(answer.stop_reason, "tool_use");
  assert.deepEqual(answer.content.map((b) => b.type), ["text", "thinking", "tool_use"]);
  assert.equal(answer.content[1].thinking, "");
  assert.deepEqual(answer.content[2], {
    type: "tool_use",
    id: "call_1",
    name: "Bash",
    input: { command: "ls" },
  });
  const ir = toolTurn(answer.content, "call_1");
  assert.deepEqual(ir.messages[1].content, [
    { type: "text", text: "calling" },
    {
      type: "tool_call",
      id: "call_1",
      name: "Bash",
      input: { command: "ls" },
      thoughtSignature: "CiQBVKhc7+gemini/sig==",
      origin: GEMINI,
    },
  ]);
  // Toward an Anthropic upstream the carrier is a foreign artifact: never sent as thinking.
  const body = buildAnthropicRequest(ir, adapterContext()).body as { messages: Wire[] };
  assert.deepEqual((body.messages[1].content as Wire[]).map((b) => b.type), ["text", "tool_use"]);
});

Deno.test("a Gemini signature that arrives late in a stream comes back on its part", async () => {
  const events = async function* () {
    yield { type: "message_start" as const, id: "g", model: "gemini-3-pro" };
    yield {
      type: "block_start" as const,
      index: 0,
      block: { type: "text" as const, origin: GEMINI },
    };
    yield { type: "text_delta" as const, index: 0, text: "hello" };
    yield { type: "signature_delta" as const, index: 0, signature: "late-sig" };
    yield { type: "block_stop" as const, index: 0 };
    yield {
      type: "block_start" as const,
      index: 1,
      block: {
        type: "tool_call" as const,
        id: "c9",
        name: "f",
        thoughtSignature: "early-sig",
        origin: GEMINI,
      },
    };
    yield { type: "tool_input_delta" as const, index: 1, json: "{}" };
    yield { type: "block_stop" as const, index: 1 };
    yield { type: "finish" as const, stop: { reason: "end_turn" as const } };
  };
  const { chunks } = anthropicEntry.encodeStream(events(), entryContext());
  const sse = (await Array.fromAsync(chunks)).join("");
  const bytes = async function* () {
    yield new TextEncoder().encode(sse);
  };
  // Read the client's view back with the Anthropic stream decoder, then replay it.
  const seen = await collect(decodeAnthropicStream(decodeSse(bytes()), adapterContext()));
  const wire = seen.content.map((b: ContentBlock) => {
    if (b.type === "text") return { type: "text", text: b.text };
    if (b.type === "thinking") {
      return { type: "thinking", thinking: b.text, signature: b.signature };
    }
    if (b.type === "tool_call") return { type: "tool_use", id: b.id, name: b.name, input: b.input };
    throw new Error(b.type);
  });
  assert.deepEqual(wire.map((b) => b.type), ["text", "thinking", "thinking", "tool_use"]);
  const ir = toolTurn(wire, "c9");
  assert.deepEqual(ir.messages[1].content, [
    { type: "text", text: "hello", thoughtSignature: "late-sig", origin: GEMINI },
    {
      type: "tool_call",
      id: "c9",
      name: "f",
      input: {},
      thoughtSignature: "early-sig",
      origin: GEMINI,
    },
  ]);
});

// ---- property: IR → Anthropic request → IR is the identity on what Anthropic can express ----

const ANTHROPIC: Origin = { protocol: "anthropic", provider: "", model: "" };
const word = fc.stringMatching(/^[A-Za-z0-9 _.,!?é🚀-]{0,20}$/).map((s) => `w${s}`);
const cache = fc.option(fc.constant({ type: "ephemeral" as const }), { nil: undefined });
const id = fc.stringMatching(/^[a-z0-9]{1,8}$/).map((s) => `toolu_${s}`);

const textBlock = fc.record({ text: word, cacheControl: cache }).map(({ text, cacheControl }) =>
  cacheControl ? { type: "text" as const, text, cacheControl } : { type: "text" as const, text }
);

const turn = fc.record({
  user: fc.array(textBlock, { minLength: 1, maxLength: 3 }),
  image: fc.boolean(),
  thinking: fc.option(fc.record({ text: word, signature: word }), { nil: undefined }),
  say: fc.option(word, { nil: undefined }),
  calls: fc.uniqueArray(
    fc.record({ id, name: word, input: fc.dictionary(word, fc.jsonValue(), { maxKeys: 3 }) }),
    { selector: (c) => c.id, maxLength: 2 },
  ),
  results: fc.array(word, { maxLength: 2 }),
});

type Turn = typeof turn extends fc.Arbitrary<infer T> ? T : never;

function messagesFrom(turns: Turn[]): Message[] {
  const messages: Message[] = [];
  let pending: string[] = [];
  for (const t of turns) {
    const user: ContentBlock[] = pending.map((callId, i) => ({
      type: "tool_result",
      callId,
      content: t.results.slice(0, i % 2 + 1).map((text) => ({ type: "text" as const, text })),
    }));
    user.push(...t.user);
    if (t.image) {
      user.push({
        type: "image",
        source: { kind: "base64", mediaType: "image/png", data: "iVBO" },
      });
    }
    messages.push({ role: "user", content: user });
    const assistant: ContentBlock[] = [];
    if (t.thinking) assistant.push({ type: "thinking", ...t.thinking, origin: ANTHROPIC });
    if (t.say) assistant.push({ type: "text", text: t.say });
    for (const c of t.calls) assistant.push({ type: "tool_call", ...c });
    if (assistant.length === 0) assistant.push({ type: "text", text: "ok" });
    messages.push({ role: "assistant", content: assistant });
    pending = t.calls.map((c) => c.id);
  }
  return messages;
}

const irRequest = fc.record({
  turns: fc.array(turn, { minLength: 1, maxLength: 3 }),
  system: fc.array(textBlock, { maxLength: 2 }),
  maxTokens: fc.integer({ min: 1, max: 100000 }),
  stream: fc.boolean(),
  temperature: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  topK: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  stopSequences: fc.option(fc.array(word, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  user: fc.option(word, { nil: undefined }),
  tools: fc.uniqueArray(
    fc.record({ name: word, description: word, strict: fc.boolean(), cacheControl: cache }),
    { selector: (t) => t.name, maxLength: 3 },
  ),
  choice: fc.constantFrom("auto", "any", "none", undefined),
  noParallel: fc.boolean(),
}).map((r): IrRequest => {
  const ir: IrRequest = {
    model: "claude-opus-4-6",
    system: r.system,
    messages: messagesFrom(r.turns),
    tools: r.tools.map((t) => ({
      name: t.name,
      description: t.description,
      inputSchema: { type: "object", properties: {} },
      strict: t.strict,
      ...(t.cacheControl ? { cacheControl: t.cacheControl } : {}),
    })),
    stream: r.stream,
    maxTokens: r.maxTokens,
  };
  if (r.temperature !== undefined) ir.temperature = r.temperature;
  if (r.topK !== undefined) ir.topK = r.topK;
  if (r.stopSequences) ir.stopSequences = r.stopSequences;
  if (r.user !== undefined) ir.user = r.user;
  if (ir.tools.length > 0 && r.choice) {
    ir.toolChoice = { type: r.choice } as IrRequest["toolChoice"];
    if (r.noParallel && r.choice !== "none") ir.parallelToolCalls = false;
  }
  return ir;
});

Deno.test("property: IR → buildAnthropicRequest → decodeAnthropicRequest is the identity", () => {
  fc.assert(
    fc.property(irRequest, (ir) => {
      const body = buildAnthropicRequest(ir, adapterContext()).body;
      const wire = JSON.parse(JSON.stringify(body));
      const back = decode(wire);
      assert.deepEqual(back, JSON.parse(JSON.stringify(ir)));
    }),
    { numRuns: 200 },
  );
});
