import assert from "node:assert/strict";
import { decodeOpenAIResponse } from "../../../../lib/protocols/openai/upstream/decode_response.ts";
import { adapterContext, fixtureJson } from "./_stream_fixture.ts";

Deno.test("decodeOpenAIResponse maps text, usage and finish_reason", () => {
  const response = decodeOpenAIResponse(fixtureJson("text_response.json"), adapterContext());
  assert.deepEqual(response, {
    id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
    model: "gpt-4o-2024-08-06",
    content: [{ type: "text", text: "Héllo wörld 🌍!" }],
    stop: { reason: "end_turn", raw: "stop" },
    usage: {
      inputTokens: 2006,
      outputTokens: 6,
      cacheReadTokens: 1920,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    },
  });
});

Deno.test("decodeOpenAIResponse parses tool-call arguments and reasoning_content", () => {
  const response = decodeOpenAIResponse(
    fixtureJson("reasoning_tool_response.json"),
    adapterContext(),
  );
  assert.deepEqual(response.content, [
    {
      type: "thinking",
      text: "The user wants a file listing.",
      origin: { protocol: "openai", provider: "oa", model: "gpt-4o" },
    },
    { type: "text", text: "Let me look." },
    { type: "tool_call", id: "call_0_ls", name: "bash", input: { cmd: "ls -la" } },
  ]);
  assert.deepEqual(response.stop, { reason: "tool_use", raw: "stop" });
  assert.equal(response.usage.reasoningTokens, 12);
  assert.equal(response.usage.cacheReadTokens, 32);
});

Deno.test("decodeOpenAIResponse keeps invalid tool arguments as _raw instead of failing", () => {
  const response = decodeOpenAIResponse({
    id: "x",
    model: "m",
    choices: [{
      index: 0,
      message: {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{bad" } }],
      },
      finish_reason: "tool_calls",
    }],
  }, adapterContext());
  assert.deepEqual(response.content, [
    { type: "tool_call", id: "c1", name: "f", input: { _raw: "{bad" } },
  ]);
});

Deno.test("decodeOpenAIResponse maps refusal and content_filter", () => {
  const refusal = decodeOpenAIResponse({
    choices: [{
      message: { content: null, refusal: "I can't help with that." },
      finish_reason: "stop",
    }],
  }, adapterContext());
  assert.equal(refusal.stop.reason, "refusal");
  assert.deepEqual(refusal.content, [{ type: "text", text: "I can't help with that." }]);
  const filtered = decodeOpenAIResponse({
    choices: [{ message: { content: "" }, finish_reason: "content_filter" }],
  }, adapterContext());
  assert.deepEqual(filtered.stop, { reason: "refusal", raw: "content_filter" });
});

Deno.test("decodeOpenAIResponse keeps a Gemini thought signature with the hop's origin", () => {
  const response = decodeOpenAIResponse({
    choices: [{
      message: {
        content: null,
        tool_calls: [{
          id: "c1",
          type: "function",
          function: { name: "f", arguments: "{}" },
          extra_content: { google: { thought_signature: "sig==" } },
        }],
      },
      finish_reason: "tool_calls",
    }],
  }, adapterContext());
  assert.deepEqual(response.content[0], {
    type: "tool_call",
    id: "c1",
    name: "f",
    input: {},
    thoughtSignature: "sig==",
    origin: { protocol: "openai", provider: "oa", model: "gpt-4o" },
  });
});

Deno.test("decodeOpenAIResponse rejects a body without choices as a 502", () => {
  assert.throws(
    () => decodeOpenAIResponse({ id: "x", choices: [] }, adapterContext()),
    (e: Error & { status?: number }) => e.status === 502 && /choices\[0\]/.test(e.message),
  );
});
