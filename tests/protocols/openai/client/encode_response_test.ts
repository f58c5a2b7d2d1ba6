import { openArtifact } from "../../../../lib/ir/artifacts.ts";
import assert from "node:assert/strict";
import { encodeOpenAIResponse } from "../../../../lib/protocols/openai/client/encode_response.ts";
import { openaiFinishReason } from "../../../../lib/protocols/openai/stop_reason.ts";
import type { IrResponse } from "../../../../lib/ir/response.ts";
import { entryContext } from "./_entry_context.ts";

const USAGE = {
  inputTokens: 100,
  outputTokens: 20,
  cacheReadTokens: 80,
  cacheWriteTokens: 5,
  reasoningTokens: 7,
};

Deno.test("encodeOpenAIResponse writes a chat.completion with tool calls and usage", () => {
  const response: IrResponse = {
    id: "msg_upstream",
    model: "claude-x",
    content: [
      {
        type: "thinking",
        text: "plan",
        signature: "sig",
        origin: { protocol: "anthropic", provider: "a", model: "c" },
      },
      { type: "text", text: "Let me " },
      { type: "text", text: "check." },
      { type: "tool_call", id: "toolu_1", name: "ls", input: { dir: "/" } },
    ],
    stop: { reason: "end_turn", raw: "end_turn" },
    usage: USAGE,
  };
  assert.deepEqual(encodeOpenAIResponse(response, entryContext()), {
    id: "chatcmpl-ferry1",
    object: "chat.completion",
    created: 1_700_000_123,
    model: "gpt-client",
    choices: [{
      index: 0,
      message: {
        role: "assistant",
        content: "Let me check.",
        refusal: null,
        reasoning_content: "plan",
        tool_calls: [{
          id: "toolu_1",
          type: "function",
          function: { name: "ls", arguments: '{"dir":"/"}' },
        }],
      },
      finish_reason: "tool_calls",
      logprobs: null,
    }],
    usage: {
      prompt_tokens: 100,
      completion_tokens: 20,
      total_tokens: 120,
      prompt_tokens_details: { cached_tokens: 80 },
      completion_tokens_details: { reasoning_tokens: 7 },
    },
  });
});

Deno.test("encodeOpenAIResponse uses content null when there is no text and seals foreign signatures", () => {
  const body = encodeOpenAIResponse({
    id: "x",
    model: "g",
    content: [{
      type: "tool_call",
      id: "c",
      name: "f",
      input: {},
      thoughtSignature: "gsig",
      origin: { protocol: "gemini", provider: "g", model: "gemini-3" },
    }],
    stop: { reason: "tool_use" },
    usage: USAGE,
  }, entryContext()) as { choices: { message: Record<string, unknown> }[] };
  const message = body.choices[0].message;
  assert.equal(message.content, null);
  const call =
    (message.tool_calls as Record<string, { google: { thought_signature: string } }>[])[0];
  assert.match(call.extra_content.google.thought_signature, /^ZmVycnkx[A-Za-z0-9+/]*={0,2}$/);
  assert.equal(
    openArtifact(call.extra_content.google.thought_signature, "openai").artifact,
    "gsig",
  );
});

Deno.test("openaiFinishReason maps every IR stop reason", () => {
  assert.equal(openaiFinishReason("end_turn", false), "stop");
  assert.equal(openaiFinishReason("stop_sequence", false), "stop");
  assert.equal(openaiFinishReason("pause_turn", false), "stop");
  assert.equal(openaiFinishReason("error", false), "stop");
  assert.equal(openaiFinishReason("max_tokens", false), "length");
  assert.equal(openaiFinishReason("context_exceeded", false), "length");
  assert.equal(openaiFinishReason("tool_use", false), "tool_calls");
  assert.equal(openaiFinishReason("refusal", false), "content_filter");
  assert.equal(openaiFinishReason("end_turn", true), "tool_calls");
  // A call cut off by the token limit must not be run.
  assert.equal(openaiFinishReason("max_tokens", true), "length");
});
