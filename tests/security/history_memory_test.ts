/**
 * Class 9 of issue 8: a Responses conversation stored for a translated upstream keeps each turn
 * once (a turn references its parent), so memory grows with what was sent, not its square; the
 * store is bounded in bytes; a conversation in use keeps its early turns alive.
 */
import { capturedLog } from "../support/log_capture.ts";
import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { MemoryStore } from "../../lib/state/memory_store.ts";
import { post, securityConfig } from "./_gateway.ts";

function openaiAnswer(): typeof fetch {
  return (() =>
    Promise.resolve(Response.json({
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1,
      model: "m",
      choices: [{
        index: 0,
        finish_reason: "stop",
        message: { role: "assistant", content: "noted" },
      }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }))) as typeof fetch;
}

Deno.test("a 20-turn Responses conversation is stored once per turn, not once per prefix", async () => {
  const store = new MemoryStore();
  const handler = createHandler({
    log: capturedLog().log,
    config: securityConfig("http://p.test"),
    fetch: openaiAnswer(),
    store,
  });
  const turnBytes = 100 * 1024;
  let sent = 0;
  for (let chain = 0; chain < 2; chain++) {
    let previous: string | undefined;
    for (let turn = 0; turn < 20; turn++) {
      const input = `${chain}.${turn} ${"p".repeat(turnBytes)}`;
      sent += input.length;
      const res = await post(handler, {
        path: "/v1/responses",
        body: { model: "openai-m", input, ...(previous ? { previous_response_id: previous } : {}) },
      });
      assert.equal(res.status, 200);
      previous = (await res.json()).id;
    }
  }
  // Stored prefixes would hold sent × 10.5 (1 + 2 + … + 20 over 20); single turns hold ~sent.
  assert.ok(store.bytes < 1.5 * sent, `store holds ${store.bytes} bytes for ${sent} sent`);
});

Deno.test("the memory store is bounded in bytes, oldest evicted first", async () => {
  const store = new MemoryStore(10_000, Date.now, 1_000_000);
  for (let i = 0; i < 20; i++) await store.set(`k${i}`, { text: "x".repeat(200_000) }, 60_000);
  assert.ok(store.bytes <= 1_000_000, `${store.bytes}`);
  assert.equal(await store.get("k0"), undefined);
  assert.ok(await store.get("k19"));
});

Deno.test("a missing earlier turn is a 400 naming the expired turn", async () => {
  const store = new MemoryStore();
  const handler = createHandler({
    log: capturedLog().log,
    config: securityConfig("http://p.test"),
    fetch: openaiAnswer(),
    store,
  });
  const first = await (await post(handler, {
    path: "/v1/responses",
    body: { model: "openai-m", input: "one" },
  })).json();
  const second = await (await post(handler, {
    path: "/v1/responses",
    body: { model: "openai-m", input: "two", previous_response_id: first.id },
  })).json();
  await store.delete(`responses:anonymous:${first.id}`);
  const res = await post(handler, {
    path: "/v1/responses",
    body: { model: "openai-m", input: "three", previous_response_id: second.id },
  });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error.message, new RegExp(`"${first.id}", has expired`));
});
