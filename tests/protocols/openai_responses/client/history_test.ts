import assert from "node:assert/strict";
import {
  historyKey,
  responsesEntry,
} from "../../../../lib/protocols/openai_responses/client/mod.ts";
import type { HistoryAccess } from "../../../../lib/protocols/entry.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import type { IrResponse } from "../../../../lib/ir/response.ts";
import type { ProtocolId } from "../../../../lib/ir/content.ts";
import { MemoryStore } from "../../../../lib/state/memory_store.ts";
import { info } from "./_context.ts";

const access = (
  store: MemoryStore,
  scope: string,
  upstream: ProtocolId = "anthropic",
): HistoryAccess => ({
  store,
  scope,
  upstreamProtocol: upstream,
});

const answer: IrResponse = {
  id: "msg_up",
  model: "claude",
  content: [{ type: "tool_call", id: "call_9", name: "get_weather", input: { city: "Oslo" } }],
  stop: { reason: "tool_use" },
  usage: {
    inputTokens: 1,
    outputTokens: 1,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  },
};

async function firstTurn(store: MemoryStore, scope: string) {
  const first = responsesEntry.decodeRequest(
    { model: "m", instructions: "Be brief.", input: "weather in Oslo?" },
    info,
  );
  const resolved = await responsesEntry.resolveHistory!(first, access(store, scope));
  await responsesEntry.recordHistory!(resolved, answer, "resp_gw1", access(store, scope));
}

const followUp = {
  model: "m",
  instructions: "New instructions.",
  previous_response_id: "resp_gw1",
  input: [{ type: "function_call_output", call_id: "call_9", output: "sunny" }],
};

Deno.test("resolveHistory prepends the stored turns for previous_response_id", async () => {
  const store = new MemoryStore();
  await firstTurn(store, "key-a");
  const decoded = responsesEntry.decodeRequest(followUp, info);
  const { ir } = await responsesEntry.resolveHistory!(decoded, access(store, "key-a"));
  assert.deepEqual(ir.system, [{ type: "text", text: "New instructions." }]); // not carried over
  assert.deepEqual(ir.messages, [
    { role: "user", content: [{ type: "text", text: "weather in Oslo?" }] },
    { role: "assistant", content: answer.content },
    {
      role: "user",
      content: [{
        type: "tool_result",
        callId: "call_9",
        name: "get_weather", // learned from the stored call
        content: [{ type: "text", text: "sunny" }],
      }],
    },
  ]);
});

Deno.test("resolveHistory rejects an unknown previous_response_id with a 400", async () => {
  const store = new MemoryStore();
  const decoded = responsesEntry.decodeRequest(followUp, info);
  await assert.rejects(responsesEntry.resolveHistory!(decoded, access(store, "key-a")), (e) => {
    assert.ok(e instanceof GatewayError);
    assert.equal(e.status, 400);
    assert.equal(e.param, "previous_response_id");
    assert.match(e.message, /previous_response_id "resp_gw1" not found/);
    return true;
  });
});

Deno.test("resolveHistory never reads another caller's history", async () => {
  const store = new MemoryStore();
  await firstTurn(store, "key-a");
  assert.ok(await store.get(historyKey("key-a", "resp_gw1")));
  const decoded = responsesEntry.decodeRequest(followUp, info);
  await assert.rejects(
    responsesEntry.resolveHistory!(decoded, access(store, "key-b")),
    /not found/,
  );
});

Deno.test("resolveHistory leaves previous_response_id to a Responses upstream", async () => {
  const store = new MemoryStore();
  const decoded = responsesEntry.decodeRequest(followUp, info);
  const out = await responsesEntry.resolveHistory!(decoded, access(store, "k", "openai_responses"));
  assert.equal(out, decoded);
});

Deno.test("recordHistory skips store:false requests", async () => {
  const store = new MemoryStore();
  const decoded = responsesEntry.decodeRequest({ model: "m", input: "x", store: false }, info);
  await responsesEntry.recordHistory!(decoded, answer, "resp_x", access(store, "k"));
  assert.equal(store.size, 0);
});

Deno.test("resolveHistory leaves unknown input items out toward a translated upstream", async () => {
  const store = new MemoryStore();
  const decoded = responsesEntry.decodeRequest(
    {
      model: "m",
      input: [
        { type: "compaction", encrypted_content: "e" },
        { type: "message", role: "user", content: "hi" },
      ],
    },
    info,
  );
  const other = await responsesEntry.resolveHistory!(decoded, access(store, "k", "gemini"));
  assert.deepEqual(other.ir.messages, [{ role: "user", content: [{ type: "text", text: "hi" }] }]);
  const same = await responsesEntry.resolveHistory!(
    decoded,
    access(store, "k", "openai_responses"),
  );
  assert.equal(same, decoded);
});

Deno.test("resolveHistory rejects a function_call_output that answers no call, toward a translated upstream", async () => {
  const orphan = responsesEntry.decodeRequest({
    model: "m",
    input: [
      { type: "message", role: "user", content: "hi" },
      { type: "function_call_output", call_id: "call_nowhere", output: "42" },
    ],
  }, info);
  await assert.rejects(
    responsesEntry.resolveHistory!(orphan, access(new MemoryStore(), "k")),
    (e) => e instanceof GatewayError && e.status === 400 && /call_nowhere/.test(e.message),
  );
  // A Responses upstream keeps its own history and judges the pairing itself.
  await responsesEntry.resolveHistory!(orphan, access(new MemoryStore(), "k", "openai_responses"));
});
