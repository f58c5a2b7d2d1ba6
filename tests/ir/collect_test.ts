import assert from "node:assert/strict";
import { collect } from "../../lib/ir/collect.ts";
import { GatewayError } from "../../lib/ir/error.ts";
import type { IrStreamEvent } from "../../lib/ir/events.ts";
import { responseToEvents } from "../../lib/ir/replay.ts";
import type { IrResponse } from "../../lib/ir/response.ts";

const from = (events: IrStreamEvent[]) =>
  (async function* () {
    yield* events;
  })();

const answer: IrResponse = {
  id: "msg_1",
  model: "m",
  content: [
    { type: "thinking", text: "let me think", signature: "sig==" },
    { type: "text", text: "Héllo wörld, 你好" },
    {
      type: "tool_call",
      id: "call_1",
      name: "get_weather",
      input: { city: "Paris", days: [1, 2] },
    },
  ],
  stop: { reason: "tool_use", raw: "tool_use" },
  usage: {
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 4,
    cacheWriteTokens: 0,
    reasoningTokens: 2,
  },
};

Deno.test("collect folds a replayed response back into the same response", async () => {
  for (const size of [0, 1, 3]) {
    assert.deepEqual(await collect(from([...responseToEvents(answer, size)])), answer);
  }
});

Deno.test("collect assembles tool input from fragments and interleaved blocks", async () => {
  const response = await collect(from([
    { type: "message_start", id: "x", model: "m", usage: { inputTokens: 3 } },
    { type: "block_start", index: 0, block: { type: "tool_call", id: "a", name: "f" } },
    { type: "block_start", index: 1, block: { type: "tool_call", id: "b", name: "g" } },
    { type: "tool_input_delta", index: 0, json: '{"x":' },
    { type: "tool_input_delta", index: 1, json: '{"y":2}' },
    { type: "tool_input_delta", index: 0, json: "1}" },
    { type: "block_stop", index: 0 },
    { type: "block_stop", index: 1 },
    { type: "usage", usage: { outputTokens: 7 } },
    { type: "finish", stop: { reason: "tool_use" } },
  ]));
  assert.deepEqual(response.content, [
    { type: "tool_call", id: "a", name: "f", input: { x: 1 } },
    { type: "tool_call", id: "b", name: "g", input: { y: 2 } },
  ]);
  assert.equal(response.usage.inputTokens, 3);
  assert.equal(response.usage.outputTokens, 7);
});

Deno.test("collect rethrows a stream error and rejects a stream without finish", async () => {
  const error = new GatewayError({ status: 529, kind: "overloaded", message: "busy" });
  await assert.rejects(
    collect(from([{ type: "message_start", id: "x", model: "m" }, { type: "error", error }])),
    (e) => e === error,
  );
  await assert.rejects(
    collect(from([{ type: "message_start", id: "x", model: "m" }])),
    /ended before it finished/,
  );
});

Deno.test("collect rejects deltas for blocks that were never opened", async () => {
  await assert.rejects(
    collect(
      from([{ type: "text_delta", index: 0, text: "x" }, {
        type: "finish",
        stop: { reason: "end_turn" },
      }]),
    ),
    /contract broken/,
  );
});
