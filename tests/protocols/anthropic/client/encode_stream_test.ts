import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { anthropicEntry } from "../../../../lib/protocols/anthropic/client/mod.ts";
import type { IrStreamEvent } from "../../../../lib/ir/events.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import { decodeAnthropicStream } from "../../../../lib/protocols/anthropic/upstream/decode_stream.ts";
import { decodeSse } from "../../../../lib/streaming/sse_decode.ts";
import { byteChunks } from "../../../../lib/streaming/chunks.ts";
import { adapterContext, fixtureText } from "../upstream/_context.ts";
import { entryContext } from "./_context.ts";

async function* from<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function upstreamEvents(name: string): Promise<IrStreamEvent[]> {
  const text = fixtureText(name);
  return await Array.fromAsync(
    decodeAnthropicStream(decodeSse(from(byteChunks(text, 13))), adapterContext()),
  );
}

async function encode(events: Iterable<IrStreamEvent> | AsyncIterable<IrStreamEvent>) {
  const source = Symbol.asyncIterator in events ? events : from(events);
  const { contentType, chunks } = anthropicEntry.encodeStream(source, entryContext());
  assert.equal(contentType, "text/event-stream");
  return (await Array.fromAsync(chunks)).join("");
}

function frames(sse: string): { event: string; data: Record<string, unknown> }[] {
  return sse.trim().split("\n\n").map((frame) => {
    const [eventLine, dataLine] = frame.split("\n");
    return { event: eventLine.slice("event: ".length), data: JSON.parse(dataLine.slice(6)) };
  });
}

Deno.test("encodeAnthropicStream writes the documented frame order with event lines", async () => {
  const sse = await encode(await upstreamEvents("text_tool/stream.sse"));
  const parsed = frames(sse);
  for (const f of parsed) assert.equal(f.event, f.data.type);
  assert.deepEqual(parsed.map((f) => f.event), [
    "message_start",
    "ping",
    "content_block_start",
    "content_block_delta",
    "content_block_delta",
    "content_block_stop",
    "content_block_start",
    "content_block_delta",
    "content_block_delta",
    "content_block_delta",
    "content_block_stop",
    "message_delta",
    "message_stop",
  ]);
  const start = parsed[0].data.message as Record<string, unknown>;
  assert.equal(start.id, "msg_gateway_1");
  assert.equal(start.model, "claude-opus-4-6");
  assert.deepEqual(start.usage, {
    input_tokens: 472,
    output_tokens: 2,
    cache_creation_input_tokens: 1200,
    cache_read_input_tokens: 30000,
  });
  assert.deepEqual(parsed[6].data, {
    type: "content_block_start",
    index: 1,
    content_block: {
      type: "tool_use",
      id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
      name: "Bash",
      input: {},
    },
  });
  assert.deepEqual(parsed[11].data, {
    type: "message_delta",
    delta: { stop_reason: "tool_use", stop_sequence: null },
    usage: {
      input_tokens: 472,
      output_tokens: 89,
      cache_creation_input_tokens: 1200,
      cache_read_input_tokens: 30000,
    },
  });
});

Deno.test("encodeAnthropicStream renumbers interleaved blocks sequentially", async () => {
  const sse = await encode([
    { type: "message_start", id: "x", model: "gpt", usage: { inputTokens: 5 } },
    { type: "block_start", index: 0, block: { type: "tool_call", id: "a", name: "f" } },
    { type: "block_start", index: 1, block: { type: "tool_call", id: "b", name: "g" } },
    { type: "tool_input_delta", index: 1, json: '{"y":2}' },
    { type: "tool_input_delta", index: 0, json: '{"x":1}' },
    { type: "block_stop", index: 0 },
    { type: "block_stop", index: 1 },
    { type: "finish", stop: { reason: "end_turn" }, usage: { outputTokens: 7 } },
  ]);
  const parsed = frames(sse).filter((f) => f.event.startsWith("content_block"));
  assert.deepEqual(parsed.map((f) => [f.event, f.data.index]), [
    ["content_block_start", 0],
    ["content_block_delta", 0],
    ["content_block_stop", 0],
    ["content_block_start", 1],
    ["content_block_delta", 1],
    ["content_block_stop", 1],
  ]);
  assert.match(sse, /"stop_reason":"tool_use"/);
});

Deno.test("encodeAnthropicStream ends with event: error and nothing after it", async () => {
  const sse = await encode(await upstreamEvents("errors/overloaded_midstream.sse"));
  const parsed = frames(sse);
  assert.deepEqual(parsed.at(-1), {
    event: "error",
    data: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
  });
  assert.ok(!parsed.some((f) => f.event === "message_stop" || f.event === "message_delta"));
});

Deno.test("encodeAnthropicStream turns a stream without finish into an error frame", async () => {
  const sse = await encode([
    { type: "message_start", id: "x", model: "m" },
    { type: "block_start", index: 0, block: { type: "text" } },
    { type: "text_delta", index: 0, text: "partial" },
  ]);
  const last = frames(sse).at(-1)!;
  assert.equal(last.event, "error");
  assert.equal((last.data.error as Record<string, string>).type, "api_error");
});

Deno.test("encodeAnthropicStream turns a thrown upstream failure into an error frame", async () => {
  async function* failing(): AsyncGenerator<IrStreamEvent> {
    yield { type: "message_start", id: "x", model: "m" };
    throw new GatewayError({ status: 502, kind: "api_error", message: "socket closed" });
  }
  const last = frames(await encode(failing())).at(-1)!;
  assert.deepEqual(last.data, {
    type: "error",
    error: { type: "api_error", message: "socket closed" },
  });
});

Deno.test("encodeAnthropicStream output parses with the official @anthropic-ai/sdk", async () => {
  const sse = await encode(await upstreamEvents("text_tool/stream.sse"));
  const thinkingSse = await encode(await upstreamEvents("thinking/stream.sse"));
  const bodies = [sse, thinkingSse];
  let served = 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => {
      const body = bodies[served++];
      return new Response(
        new ReadableStream({
          start(controller) {
            // Dribble the bytes in odd pieces, as a network would.
            for (const chunk of byteChunks(body, 17)) controller.enqueue(chunk);
            controller.close();
          },
        }),
        { headers: { "content-type": "text/event-stream" } },
      );
    },
  );
  try {
    const client = new Anthropic({
      apiKey: "test",
      baseURL: `http://127.0.0.1:${server.addr.port}`,
      maxRetries: 0,
    });
    const params = {
      model: "claude-opus-4-6",
      max_tokens: 100,
      messages: [{ role: "user" as const, content: "hi" }],
    };
    const message = await client.messages.stream(params).finalMessage();
    assert.equal(message.id, "msg_gateway_1");
    assert.equal(message.stop_reason, "tool_use");
    assert.deepEqual(message.content[0], {
      type: "text",
      text: "I'll check the directory — ünïcödé 🚀.",
    });
    const tool = message.content[1];
    assert.equal(tool.type, "tool_use");
    assert.deepEqual(tool.type === "tool_use" && tool.input, {
      command: "ls -la",
      description: "List files 📁",
    });
    assert.equal(message.usage.input_tokens, 472);
    assert.equal(message.usage.output_tokens, 89);
    assert.equal(message.usage.cache_read_input_tokens, 30000);
    assert.equal(message.usage.cache_creation_input_tokens, 1200);

    const thinking = await client.messages.stream(params).finalMessage();
    assert.equal(thinking.stop_reason, "stop_sequence");
    assert.equal(thinking.stop_sequence, "\nEND");
    const first = thinking.content[0];
    assert.equal(first.type, "thinking");
    assert.equal(
      first.type === "thinking" && first.signature,
      "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxDYTCBl0pUAvG0B3IiMAvq7Qb8ZhAKyzVAB6Hbnp6kZxL3YVTLhQlkv+qVzGvf2HhTH6wbwHX9Wjg=",
    );
    assert.equal(thinking.content[1].type, "redacted_thinking");
  } finally {
    await server.shutdown();
  }
});
