import assert from "node:assert/strict";
import { collect } from "../../lib/ir/collect.ts";
import type { IrStreamEvent } from "../../lib/ir/events.ts";
import { sequentialBlocks } from "../../lib/ir/sequential_blocks.ts";

const from = (events: IrStreamEvent[]) =>
  (async function* () {
    yield* events;
  })();

const interleaved: IrStreamEvent[] = [
  { type: "message_start", id: "x", model: "m" },
  { type: "block_start", index: 0, block: { type: "tool_call", id: "a", name: "f" } },
  { type: "block_start", index: 1, block: { type: "tool_call", id: "b", name: "g" } },
  { type: "tool_input_delta", index: 1, json: '{"y":' },
  { type: "tool_input_delta", index: 0, json: '{"x":1}' },
  { type: "tool_input_delta", index: 1, json: "2}" },
  { type: "block_stop", index: 0 },
  { type: "block_stop", index: 1 },
  { type: "finish", stop: { reason: "tool_use" } },
];

Deno.test("sequentialBlocks never has two blocks open at once", async () => {
  const out = await Array.fromAsync(sequentialBlocks(from(interleaved)));
  let open: number | undefined;
  for (const event of out) {
    if (event.type === "block_start") {
      assert.equal(open, undefined, "a block started while another was open");
      open = event.index;
    } else if ("index" in event) {
      assert.equal(event.index, open);
      if (event.type === "block_stop") open = undefined;
    }
  }
  assert.equal(open, undefined);
});

Deno.test("sequentialBlocks keeps the content the interleaved stream described", async () => {
  const direct = await collect(from(interleaved));
  const serial = await collect(sequentialBlocks(from(interleaved)));
  assert.deepEqual(serial, direct);
});

Deno.test("sequentialBlocks passes a non-interleaved stream through unchanged", async () => {
  const plain: IrStreamEvent[] = [
    { type: "message_start", id: "x", model: "m" },
    { type: "block_start", index: 0, block: { type: "text" } },
    { type: "text_delta", index: 0, text: "hi" },
    { type: "block_stop", index: 0 },
    { type: "block_start", index: 1, block: { type: "tool_call", id: "a", name: "f" } },
    { type: "tool_input_delta", index: 1, json: "{}" },
    { type: "block_stop", index: 1 },
    { type: "finish", stop: { reason: "tool_use" } },
  ];
  assert.deepEqual(await Array.fromAsync(sequentialBlocks(from(plain))), plain);
});
