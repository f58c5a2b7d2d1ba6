import assert from "node:assert/strict";
import { decodeOpenAIResponse } from "../../../../lib/protocols/openai/upstream/decode_response.ts";
import { collect } from "../../../../lib/ir/collect.ts";
import type { IrStreamEvent } from "../../../../lib/ir/events.ts";
import {
  adapterContext,
  CHUNK_SIZES,
  decodeFixture,
  decodeText,
  fixtureJson,
  fixtureText,
} from "./_stream_fixture.ts";

const PAIRS = [
  ["text_stream.sse", "text_response.json"],
  ["parallel_tools_stream.sse", "parallel_tools_response.json"],
  ["reasoning_tool_stream.sse", "reasoning_tool_response.json"],
];

for (const [stream, json] of PAIRS) {
  for (const size of CHUNK_SIZES) {
    Deno.test(`decodeOpenAIStream ${stream} collects to decodeOpenAIResponse(${json}) at chunk size ${size}`, async () => {
      const collected = await collect(decodeText(fixtureText(stream), size));
      const whole = decodeOpenAIResponse(fixtureJson(json), adapterContext());
      assert.deepEqual(collected, whole);
    });
  }
}

function frames(chunks: unknown[], done = true): string {
  return chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join("") +
    (done ? "data: [DONE]\n\n" : "");
}

function chunk(delta: Record<string, unknown>, finish: string | null = null) {
  return {
    id: "chatcmpl-x",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

Deno.test("decodeOpenAIStream assembles interleaved tool-call deltas into separate blocks", async () => {
  for (const size of CHUNK_SIZES) {
    const events = await decodeFixture("parallel_tools_stream.sse", size);
    const starts = events.filter((e) => e.type === "block_start");
    assert.deepEqual(starts.map((e) => e.block), [
      { type: "text" },
      { type: "tool_call", id: "call_Wea7h3r", name: "get_weather" },
      { type: "tool_call", id: "call_T1me", name: "get_time" },
    ]);
    const byIndex = new Map<number, string>();
    for (const e of events) {
      if (e.type === "tool_input_delta") {
        byIndex.set(e.index, (byIndex.get(e.index) ?? "") + e.json);
      }
    }
    assert.equal(byIndex.get(1), '{"city":"München ☀"}');
    assert.equal(byIndex.get(2), '{"tz":"Europe/Berlin"}');
    // The text block closes when the first tool call starts, so tools can stream live.
    const textStop = events.findIndex((e) => e.type === "block_stop" && e.index === 0);
    const firstTool = events.findIndex((e) => e.type === "block_start" && e.index === 1);
    assert.ok(textStop >= 0 && textStop < firstTool);
  }
});

Deno.test("decodeOpenAIStream keeps UTF-8 split across byte chunks inside arguments intact", async () => {
  const events = await decodeFixture("parallel_tools_stream.sse", 1);
  const json = events.flatMap((e) => e.type === "tool_input_delta" && e.index === 1 ? [e.json] : [])
    .join("");
  assert.ok(!json.includes("\uFFFD"));
  assert.deepEqual(JSON.parse(json), { city: "München ☀" });
});

Deno.test("decodeOpenAIStream reports tool_use when the upstream said stop after tool calls", async () => {
  const response = await collect(decodeText(fixtureText("reasoning_tool_stream.sse"), 5));
  assert.deepEqual(response.stop, { reason: "tool_use", raw: "stop" });
});

Deno.test("decodeOpenAIStream reads usage from the include_usage chunk with choices: []", async () => {
  const events = await decodeFixture("text_stream.sse", 7);
  const finish = events.at(-1);
  assert.equal(finish?.type, "finish");
  const response = await collect(decodeText(fixtureText("text_stream.sse"), 7));
  assert.deepEqual(response.usage, {
    inputTokens: 2006,
    outputTokens: 6,
    cacheReadTokens: 1920,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  });
});

Deno.test("decodeOpenAIStream turns an error frame into an IR error and nothing after it", async () => {
  for (const size of CHUNK_SIZES) {
    const events = await decodeFixture("error_mid_stream.sse", size);
    const last = events.at(-1)!;
    assert.equal(last.type, "error");
    if (last.type !== "error") return;
    assert.equal(last.error.upstreamType, "server_error");
    assert.match(last.error.message, /The server had an error/);
    assert.ok(!events.some((e) => e.type === "finish"));
  }
});

Deno.test("decodeOpenAIStream fails a body that ends without finish_reason or [DONE]", async () => {
  const events = await decodeFixture("truncated_stream.sse", 3);
  const last = events.at(-1)!;
  assert.equal(last.type, "error");
  await assert.rejects(collect(decodeText(fixtureText("truncated_stream.sse"), 3)), /ended before/);
});

Deno.test("decodeOpenAIStream accepts a finish_reason without [DONE] as a clean end", async () => {
  const text = frames([chunk({ role: "assistant", content: "ok" }), chunk({}, "length")], false);
  const response = await collect(decodeText(text, 4));
  assert.deepEqual(response.stop, { reason: "max_tokens", raw: "length" });
  assert.deepEqual(response.content, [{ type: "text", text: "ok" }]);
});

Deno.test("decodeOpenAIStream tolerates choices: null usage chunks (vLLM)", async () => {
  const text = frames([
    chunk({ role: "assistant", content: "hi" }),
    chunk({}, "stop"),
    {
      id: "chatcmpl-x",
      model: "m",
      choices: null,
      usage: { prompt_tokens: 3, completion_tokens: 1 },
    },
  ]);
  const response = await collect(decodeText(text, 2));
  assert.equal(response.usage.inputTokens, 3);
  assert.equal(response.usage.outputTokens, 1);
});

Deno.test("decodeOpenAIStream starts a new call when a new id arrives at the same index", async () => {
  const text = frames([
    chunk({ role: "assistant" }),
    chunk({
      tool_calls: [{
        index: 0,
        id: "call_a",
        type: "function",
        function: { name: "f", arguments: '{"x":1}' },
      }],
    }),
    chunk({
      tool_calls: [{
        index: 0,
        id: "call_b",
        type: "function",
        function: { name: "f", arguments: '{"x":2}' },
      }],
    }),
    chunk({}, "tool_calls"),
  ]);
  const response = await collect(decodeText(text, 9));
  assert.deepEqual(response.content, [
    { type: "tool_call", id: "call_a", name: "f", input: { x: 1 } },
    { type: "tool_call", id: "call_b", name: "f", input: { x: 2 } },
  ]);
});

Deno.test("decodeOpenAIStream drops a cumulative resend of the arguments so far", async () => {
  const text = frames([
    chunk({ role: "assistant" }),
    chunk({
      tool_calls: [{
        index: 0,
        id: "call_a",
        type: "function",
        function: { name: "f", arguments: '{"path":' },
      }],
    }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"path":"/tmp"' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: "}" } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"path":"/tmp"}' } }] }),
    chunk({}, "tool_calls"),
  ]);
  const response = await collect(decodeText(text, 11));
  assert.deepEqual(response.content, [
    { type: "tool_call", id: "call_a", name: "f", input: { path: "/tmp" } },
  ]);
});

Deno.test("decodeOpenAIStream holds arguments that arrive before the tool name", async () => {
  const text = frames([
    chunk({ role: "assistant" }),
    chunk({ tool_calls: [{ index: 0, id: "call_z", function: { arguments: '{"a"' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { name: "f", arguments: ":2}" } }] }),
    chunk({}, "tool_calls"),
  ]);
  const events = await Array.fromAsync(decodeText(text, 6));
  assert.deepEqual(events.filter((e) => e.type === "tool_input_delta"), [
    { type: "tool_input_delta", index: 0, json: '{"a"' },
    { type: "tool_input_delta", index: 0, json: ":2}" },
  ]);
  const response = await collect(decodeText(text, 6));
  assert.deepEqual(response.content, [{
    type: "tool_call",
    id: "call_z",
    name: "f",
    input: { a: 2 },
  }]);
});

Deno.test("decodeOpenAIStream mints an id for id-less calls reusing index 0", async () => {
  const text = frames([
    chunk({ role: "assistant" }),
    chunk({ tool_calls: [{ index: 0, function: { name: "f", arguments: '{"a":' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: "1}" } }] }),
    chunk({ tool_calls: [{ index: 0, function: { name: "g", arguments: "{}" } }] }),
    chunk({}, "tool_calls"),
  ]);
  const response = await collect(decodeText(text, 13));
  assert.deepEqual(response.content, [
    { type: "tool_call", id: "call_test1", name: "f", input: { a: 1 } },
    { type: "tool_call", id: "call_test2", name: "g", input: {} },
  ]);
});

Deno.test("decodeOpenAIStream emits message_start first with the upstream id and model", async () => {
  const events: IrStreamEvent[] = await decodeFixture("text_stream.sse", 1);
  assert.deepEqual(events[0], {
    type: "message_start",
    id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
    model: "gpt-4o-2024-08-06",
  });
});

Deno.test("decodeOpenAIStream turns a non-JSON data frame into an IR error", async () => {
  const text = frames([chunk({ role: "assistant", content: "a" })], false) + "data: {oops\n\n";
  const events = await Array.fromAsync(decodeText(text, 5));
  const last = events.at(-1)!;
  assert.equal(last.type, "error");
  if (last.type === "error") assert.equal(last.error.status, 502);
});

Deno.test("decodeOpenAIStream stamps reasoning with the hop's origin", async () => {
  const response = await collect(decodeText(fixtureText("reasoning_tool_stream.sse"), 64));
  assert.deepEqual(response.content[0], {
    type: "thinking",
    text: "The user wants a file listing.",
    origin: { protocol: "openai", provider: "oa", model: "gpt-4o" },
  });
});
