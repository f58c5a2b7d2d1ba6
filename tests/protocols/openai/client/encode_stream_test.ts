import assert from "node:assert/strict";
import { encodeOpenAIStream } from "../../../../lib/protocols/openai/client/encode_stream.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import type { IrStreamEvent } from "../../../../lib/ir/events.ts";
import { entryContext } from "./_entry_context.ts";

async function* from(events: IrStreamEvent[], fail?: Error): AsyncGenerator<IrStreamEvent> {
  for (const e of events) yield e;
  if (fail) throw fail;
}

async function frames(events: AsyncIterable<IrStreamEvent>, includeUsage = true) {
  const encoded = encodeOpenAIStream(events, entryContext({ wire: { includeUsage } }));
  assert.equal(encoded.contentType, "text/event-stream");
  const text = (await Array.fromAsync(encoded.chunks)).join("");
  assert.ok(text.endsWith("\n\n"));
  return text.trimEnd().split("\n\n").map((frame) => {
    assert.ok(frame.startsWith("data: "), frame);
    const data = frame.slice(6);
    return data === "[DONE]" ? "[DONE]" : JSON.parse(data);
  });
}

const TOOL_TURN: IrStreamEvent[] = [
  {
    type: "message_start",
    id: "up",
    model: "claude",
    usage: { inputTokens: 10, cacheReadTokens: 4 },
  },
  { type: "block_start", index: 0, block: { type: "text" } },
  { type: "text_delta", index: 0, text: "Hi" },
  { type: "block_stop", index: 0 },
  { type: "block_start", index: 1, block: { type: "tool_call", id: "t1", name: "a" } },
  { type: "block_start", index: 2, block: { type: "tool_call", id: "t2", name: "b" } },
  { type: "tool_input_delta", index: 2, json: '{"y":' },
  { type: "tool_input_delta", index: 1, json: '{"x":1}' },
  { type: "tool_input_delta", index: 2, json: "2}" },
  { type: "block_stop", index: 1 },
  { type: "block_stop", index: 2 },
  { type: "finish", stop: { reason: "end_turn" }, usage: { outputTokens: 5 } },
];

Deno.test("encodeOpenAIStream numbers tool calls by ordinal and ends with usage and [DONE]", async () => {
  const out = await frames(from(TOOL_TURN));
  const base = {
    id: "chatcmpl-ferry1",
    object: "chat.completion.chunk",
    created: 1_700_000_123,
    model: "gpt-client",
  };
  const choice = (delta: unknown, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  assert.deepEqual(out, [
    choice({ role: "assistant", content: "" }),
    choice({ content: "Hi" }),
    choice({
      tool_calls: [{
        index: 0,
        id: "t1",
        type: "function",
        function: { name: "a", arguments: "" },
      }],
    }),
    choice({
      tool_calls: [{
        index: 1,
        id: "t2",
        type: "function",
        function: { name: "b", arguments: "" },
      }],
    }),
    choice({ tool_calls: [{ index: 1, function: { arguments: '{"y":' } }] }),
    choice({ tool_calls: [{ index: 0, function: { arguments: '{"x":1}' } }] }),
    choice({ tool_calls: [{ index: 1, function: { arguments: "2}" } }] }),
    choice({}, "tool_calls"),
    {
      ...base,
      choices: [],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 5,
        total_tokens: 15,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    },
    "[DONE]",
  ]);
});

Deno.test("encodeOpenAIStream omits the usage chunk unless include_usage was asked", async () => {
  const out = await frames(from(TOOL_TURN), false);
  assert.equal(out.at(-1), "[DONE]");
  assert.ok(!out.some((f) => typeof f === "object" && "usage" in f));
});

Deno.test("encodeOpenAIStream writes an error frame without [DONE] on an IR error", async () => {
  const out = await frames(from([
    { type: "message_start", id: "up", model: "m" },
    { type: "block_start", index: 0, block: { type: "text" } },
    { type: "text_delta", index: 0, text: "par" },
    {
      type: "error",
      error: new GatewayError({
        status: 529,
        kind: "overloaded",
        message: "Overloaded",
        upstreamType: "overloaded_error",
        upstreamProtocol: "anthropic",
      }),
    },
  ]));
  assert.deepEqual(out.at(-1), {
    error: { message: "Overloaded", type: "overloaded_error", param: null, code: null },
  });
  assert.ok(!out.includes("[DONE]"));
});

Deno.test("encodeOpenAIStream treats a stream without finish as a failure", async () => {
  const cut = await frames(from(TOOL_TURN.slice(0, 3)));
  assert.match(cut.at(-1).error.message, /ended before it finished/);
  assert.ok(!cut.includes("[DONE]"));
  const thrown = await frames(from(TOOL_TURN.slice(0, 3), new Error("socket hang up")));
  assert.match(thrown.at(-1).error.message, /socket hang up/);
  assert.ok(!thrown.includes("[DONE]"));
});

Deno.test("encodeOpenAIStream sends reasoning as reasoning_content, never as content", async () => {
  const out = await frames(
    from([
      { type: "message_start", id: "up", model: "m" },
      { type: "block_start", index: 0, block: { type: "thinking" } },
      { type: "thinking_delta", index: 0, text: "hmm" },
      { type: "signature_delta", index: 0, signature: "sig" },
      { type: "block_stop", index: 0 },
      { type: "finish", stop: { reason: "max_tokens" } },
    ]),
    false,
  );
  assert.deepEqual(out[1].choices[0].delta, { reasoning_content: "hmm" });
  assert.equal(out[2].choices[0].finish_reason, "length");
  assert.ok(!JSON.stringify(out).includes("sig"));
});
