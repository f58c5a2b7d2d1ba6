import assert from "node:assert/strict";
import { collect } from "../../../../lib/ir/collect.ts";
import type { IrStreamEvent } from "../../../../lib/ir/events.ts";
import type { GatewayError } from "../../../../lib/ir/error.ts";
import { byteChunks } from "../../../../lib/streaming/chunks.ts";
import { decodeSse } from "../../../../lib/streaming/sse_decode.ts";
import { responsesAdapter } from "../../../../lib/protocols/openai_responses/upstream/mod.ts";
import { adapterContext, fixture } from "./_context.ts";

const SIZES = [1, 7, 64, 100_000];

function events(sse: string, size: number): AsyncIterable<IrStreamEvent> {
  return responsesAdapter.decodeStream(
    decodeSse(ReadableStream.from(byteChunks(sse, size))),
    adapterContext(),
  );
}

for (
  const scenario of [
    "text/stream.sse",
    "text/stream_data_only_crlf.sse",
    "tools/stream.sse",
    "incomplete/stream.sse",
  ]
) {
  const json = scenario.split("/")[0] + "/response.json";
  for (const size of SIZES) {
    Deno.test(`decodeResponsesStream ${scenario} in ${size}-byte chunks collects to decodeResponsesResponse`, async () => {
      const streamed = await collect(events(fixture(scenario), size));
      const whole = responsesAdapter.decodeResponse(JSON.parse(fixture(json)), adapterContext());
      assert.deepEqual(streamed, whole);
    });
  }
}

Deno.test("decodeResponsesResponse maps text, usage with cached and reasoning tokens", () => {
  const ir = responsesAdapter.decodeResponse(
    JSON.parse(fixture("text/response.json")),
    adapterContext(),
  );
  assert.equal(ir.id, "resp_up1");
  assert.equal(ir.model, "gpt-5-2025");
  assert.deepEqual(ir.content, [{ type: "text", text: "Hello, wörld 👋!" }]);
  assert.deepEqual(ir.stop, { reason: "end_turn", raw: "completed" });
  assert.deepEqual(ir.usage, {
    inputTokens: 120,
    outputTokens: 30,
    cacheReadTokens: 100,
    cacheWriteTokens: 0,
    reasoningTokens: 12,
  });
});

Deno.test("decodeResponsesStream decodes reasoning, function, custom and namespaced calls", async () => {
  const ir = await collect(events(fixture("tools/stream.sse"), 5));
  assert.deepEqual(ir.content[0], {
    type: "thinking",
    text: "Plan: list files.\n\nThen patch.",
    signature: "gAAAAB-opaque==",
    itemId: "rs_1",
    origin: { protocol: "openai_responses", provider: "oai", model: "gpt-5" },
  });
  assert.deepEqual(ir.content[1], {
    type: "tool_call",
    id: "call_A",
    name: "exec_command",
    input: { cmd: "ls -la" },
  });
  assert.deepEqual(ir.content[2], {
    type: "tool_call",
    id: "call_B",
    name: "apply_patch",
    kind: "custom",
    input: { input: '*** Begin Patch\n*** Add File: a.txt\n+say "hi" \\ done ✓\n*** End Patch' },
  });
  assert.equal((ir.content[3] as { name: string }).name, "multi_agent_v1__spawn");
  assert.equal(ir.stop.reason, "tool_use");
  assert.equal(ir.usage.cacheReadTokens, 1500);
});

Deno.test("decodeResponsesStream maps incomplete max_output_tokens to max_tokens", async () => {
  const ir = await collect(events(fixture("incomplete/stream.sse"), 3));
  assert.deepEqual(ir.stop, { reason: "max_tokens", raw: "max_output_tokens" });
  assert.deepEqual(ir.content, [{ type: "text", text: "The answer is" }]);
});

Deno.test("decodeResponsesResponse maps incomplete content_filter to refusal", () => {
  const body = JSON.parse(fixture("incomplete/response.json"));
  body.incomplete_details = { reason: "content_filter" };
  assert.equal(responsesAdapter.decodeResponse(body, adapterContext()).stop.reason, "refusal");
});

Deno.test("decodeResponsesStream turns response.failed into an IR error after the partial text", async () => {
  const all = await Array.fromAsync(events(fixture("failed/stream.sse"), 9));
  const last = all.at(-1)!;
  assert.equal(last.type, "error");
  const error = (last as { error: GatewayError }).error;
  assert.equal(error.message, "The model had an internal error.");
  assert.equal(error.code, "server_error");
  assert.ok(all.some((e) => e.type === "text_delta" && e.text === "Partial"));
  await assert.rejects(collect(events(fixture("failed/stream.sse"), 9)), /internal error/);
});

Deno.test("decodeResponsesStream turns a top-level error event into a rate-limit IR error", async () => {
  const all = await Array.fromAsync(events(fixture("failed/error_event.sse"), 11));
  const last = all.at(-1) as { type: string; error: GatewayError };
  assert.equal(last.type, "error");
  assert.equal(last.error.kind, "rate_limit");
  assert.equal(last.error.status, 429);
  assert.match(last.error.message, /Rate limit reached/);
});

Deno.test("decodeResponsesStream reports a stream that ends without a terminal event", async () => {
  const all = await Array.fromAsync(events(fixture("truncated/stream.sse"), 13));
  const last = all.at(-1) as { type: string; error: GatewayError };
  assert.equal(last.type, "error");
  assert.match(last.error.message, /ended before response.completed/);
});

Deno.test("decodeResponsesStream takes whole items from output_item.done when no deltas came", async () => {
  const frames = [
    { type: "response.created", response: { id: "r1", model: "m" } },
    {
      type: "response.output_item.done",
      output_index: 0,
      item: { type: "message", id: "m1", content: [{ type: "output_text", text: "whole" }] },
    },
    {
      type: "response.output_item.done",
      output_index: 1,
      item: { type: "function_call", id: "f1", call_id: "c1", name: "f", arguments: '{"a":1}' },
    },
    { type: "response.completed", response: { id: "r1", model: "m", status: "completed" } },
  ].map((f) => `data: ${JSON.stringify(f)}\n\n`).join("");
  const ir = await collect(events(frames, 4));
  assert.deepEqual(ir.content, [
    { type: "text", text: "whole" },
    { type: "tool_call", id: "c1", name: "f", input: { a: 1 } },
  ]);
  assert.equal(ir.stop.reason, "tool_use");
});

Deno.test("decodeResponsesError keeps status, type, code and message", () => {
  const error = responsesAdapter.decodeError(
    400,
    JSON.stringify({
      error: {
        message: "Invalid 'input[3].call_id'",
        type: "invalid_request_error",
        param: "input[3].call_id",
        code: "invalid_value",
      },
    }),
    new Headers({ "retry-after": "3" }),
  );
  assert.equal(error.status, 400);
  assert.equal(error.kind, "invalid_request");
  assert.equal(error.upstreamType, "invalid_request_error");
  assert.equal(error.upstreamProtocol, "openai_responses");
  assert.equal(error.code, "invalid_value");
  assert.equal(error.param, "input[3].call_id");
  assert.equal(error.retryAfter, "3");
  assert.equal(error.message, "Invalid 'input[3].call_id'");
});
