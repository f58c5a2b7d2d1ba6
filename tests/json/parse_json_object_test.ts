import assert from "node:assert/strict";
import {
  clientToolArguments,
  parseJsonObject,
  upstreamToolArguments,
} from "../../lib/json/parse_json_object.ts";
import { GatewayError } from "../../lib/ir/error.ts";
import { collectEvents } from "../../lib/ir/collect.ts";

Deno.test("parseJsonObject reads an object, blank text as {}, and names what is wrong otherwise", () => {
  assert.deepEqual(parseJsonObject('{"a":1}'), { ok: true, value: { a: 1 } });
  assert.deepEqual(parseJsonObject("  "), { ok: true, value: {} });
  assert.deepEqual(parseJsonObject("{bad"), { ok: false, problem: "is not valid JSON" });
  assert.deepEqual(parseJsonObject("[1]"), { ok: false, problem: "expected a JSON object" });
  assert.deepEqual(parseJsonObject("null"), { ok: false, problem: "expected a JSON object" });
});

Deno.test("clientToolArguments rejects broken client arguments with a 400 naming the field", () => {
  assert.deepEqual(clientToolArguments('{"q":"x"}', "p"), { q: "x" });
  assert.throws(
    () => clientToolArguments("{bad", "messages[0].arguments"),
    (e: unknown) =>
      e instanceof GatewayError && e.status === 400 && e.param === "messages[0].arguments" &&
      e.message === "messages[0].arguments: is not valid JSON",
  );
});

Deno.test("upstreamToolArguments keeps a model's broken arguments as _raw instead of failing", () => {
  assert.deepEqual(upstreamToolArguments('{"q":"x"}'), { q: "x" });
  assert.deepEqual(upstreamToolArguments(""), {});
  assert.deepEqual(upstreamToolArguments("{bad"), { _raw: "{bad" });
  assert.deepEqual(upstreamToolArguments('"text"'), { _raw: '"text"' });
});

Deno.test("a streamed call with broken arguments collects to the same _raw as a whole body", () => {
  const response = collectEvents([
    { type: "message_start", id: "m", model: "x" },
    { type: "block_start", index: 0, block: { type: "tool_call", id: "c", name: "f" } },
    { type: "tool_input_delta", index: 0, json: "{bad" },
    { type: "block_stop", index: 0 },
    { type: "finish", stop: { reason: "tool_use" } },
  ]);
  assert.deepEqual(response.content, [
    { type: "tool_call", id: "c", name: "f", input: { _raw: "{bad" } },
  ]);
});
