import assert from "node:assert/strict";
import { collect } from "../../../../lib/ir/collect.ts";
import type { IrStreamEvent } from "../../../../lib/ir/events.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import { decodeAnthropicResponse } from "../../../../lib/protocols/anthropic/upstream/decode_response.ts";
import {
  adapterContext,
  CHUNK_SIZES,
  decodeFixtureStream,
  fixtureJson,
  fixtureText,
} from "./_context.ts";

const PAIRS = [
  ["text_tool/stream.sse", "text_tool/response.json"],
  ["text_tool/stream_crlf.sse", "text_tool/response.json"],
  ["thinking/stream.sse", "thinking/response.json"],
] as const;

for (const [stream, response] of PAIRS) {
  for (const size of CHUNK_SIZES) {
    Deno.test(`decodeAnthropicStream ${stream} at ${size}-byte chunks collects to decodeAnthropicResponse`, async () => {
      const ctx = adapterContext();
      const collected = await collect(decodeFixtureStream(fixtureText(stream), size, ctx));
      assert.deepEqual(collected, decodeAnthropicResponse(fixtureJson(response), ctx));
    });
  }
}

Deno.test("decodeAnthropicResponse maps usage, stop reason and tool input", () => {
  const ir = decodeAnthropicResponse(fixtureJson("text_tool/response.json"), adapterContext());
  assert.deepEqual(ir.usage, {
    inputTokens: 472 + 1200 + 30000,
    outputTokens: 89,
    cacheReadTokens: 30000,
    cacheWriteTokens: 1200,
    reasoningTokens: 0,
  });
  assert.deepEqual(ir.stop, { reason: "tool_use", raw: "tool_use" });
  assert.deepEqual(ir.content[1], {
    type: "tool_call",
    id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
    name: "Bash",
    input: { command: "ls -la", description: "List files 📁" },
  });
});

Deno.test("decodeAnthropicStream keeps thinking signature and redacted data byte-exact with origin", async () => {
  const ctx = adapterContext();
  const ir = await collect(decodeFixtureStream(fixtureText("thinking/stream.sse"), 5, ctx));
  const wire = fixtureJson("thinking/response.json") as {
    content: { signature?: string; data?: string }[];
  };
  assert.deepEqual(ir.content[0], {
    type: "thinking",
    text: "Let me work out 27 * 453 step by step.\n\n27 * 453 = 12231.",
    signature: wire.content[0].signature,
    origin: ctx.origin,
  });
  assert.deepEqual(ir.content[1], {
    type: "redacted_thinking",
    data: wire.content[1].data,
    origin: ctx.origin,
  });
  assert.deepEqual(ir.stop, { reason: "stop_sequence", raw: "stop_sequence", sequence: "\nEND" });
});

Deno.test("decodeAnthropicStream reports real input tokens at message_start", async () => {
  const events = await Array.fromAsync(
    decodeFixtureStream(fixtureText("text_tool/stream.sse"), 1 << 20),
  );
  assert.deepEqual(events[0], {
    type: "message_start",
    id: "msg_01XFDUDYJgAACzvnptvVoYEL",
    model: "claude-opus-4-6",
    usage: {
      inputTokens: 31672,
      outputTokens: 2,
      cacheReadTokens: 30000,
      cacheWriteTokens: 1200,
      reasoningTokens: 0,
    },
  });
});

for (const size of CHUNK_SIZES) {
  Deno.test(`decodeAnthropicStream turns event: error into an overloaded IR error (${size}-byte chunks)`, async () => {
    const events = await Array.fromAsync(
      decodeFixtureStream(fixtureText("errors/overloaded_midstream.sse"), size),
    );
    const last = events.at(-1) as Extract<IrStreamEvent, { type: "error" }>;
    assert.equal(last.type, "error");
    assert.equal(last.error.kind, "overloaded");
    assert.equal(last.error.status, 529);
    assert.equal(last.error.upstreamType, "overloaded_error");
    assert.equal(last.error.message, "Overloaded");
    assert.equal(events.filter((e) => e.type === "finish").length, 0);
  });
}

Deno.test("decodeAnthropicStream ends a stream cut before message_stop with an IR error", async () => {
  const events = await Array.fromAsync(
    decodeFixtureStream(fixtureText("errors/truncated.sse"), 2),
  );
  const last = events.at(-1)!;
  assert.equal(last.type, "error");
  await assert.rejects(
    collect(decodeFixtureStream(fixtureText("errors/truncated.sse"), 2)),
    GatewayError,
  );
});

Deno.test("decodeAnthropicStream finishes a stream that has a stop reason but no message_stop", async () => {
  const text = fixtureText("text_tool/stream.sse").replace(
    /event: message_stop\ndata: \{"type":"message_stop"\}\n\n/,
    "",
  );
  assert.ok(!text.includes("message_stop"));
  const ir = await collect(decodeFixtureStream(text, 7));
  assert.equal(ir.stop.reason, "tool_use");
  assert.equal(ir.usage.outputTokens, 89);
});

Deno.test("decodeAnthropicStream skips server tool blocks without leaving index gaps", async () => {
  const frames = [
    { type: "message_start", message: { id: "m", model: "c", usage: { input_tokens: 1 } } },
    {
      type: "content_block_start",
      index: 0,
      content_block: { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {} },
    },
    {
      type: "content_block_delta",
      index: 0,
      delta: { type: "input_json_delta", partial_json: '{"query":"x"}' },
    },
    { type: "content_block_stop", index: 0 },
    { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } },
    { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "Found." } },
    { type: "content_block_stop", index: 1 },
    { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 3 } },
    { type: "message_stop" },
  ];
  const sse = frames.map((f) => `event: ${f.type}\ndata: ${JSON.stringify(f)}\n\n`).join("");
  const events = await Array.fromAsync(decodeFixtureStream(sse, 9));
  const starts = events.filter((e) => e.type === "block_start");
  assert.deepEqual(starts, [{ type: "block_start", index: 0, block: { type: "text" } }]);
  const ir = await collect(decodeFixtureStream(sse, 9));
  assert.deepEqual(ir.content, [{ type: "text", text: "Found." }]);
});
