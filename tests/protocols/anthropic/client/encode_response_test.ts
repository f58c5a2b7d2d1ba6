import assert from "node:assert/strict";
import { anthropicEntry } from "../../../../lib/protocols/anthropic/client/mod.ts";
import type { IrResponse } from "../../../../lib/ir/response.ts";
import type { StopInfo } from "../../../../lib/ir/stop.ts";
import { entryContext } from "./_context.ts";

function response(stop: StopInfo, withTool = false): IrResponse {
  return {
    id: "chatcmpl-upstream",
    model: "gpt-5",
    content: [
      { type: "thinking", text: "unsigned reasoning" },
      { type: "text", text: "hi" },
      ...(withTool ? [{ type: "tool_call" as const, id: "c1", name: "f", input: { a: 1 } }] : []),
    ],
    stop,
    usage: {
      inputTokens: 1000,
      outputTokens: 20,
      cacheReadTokens: 800,
      cacheWriteTokens: 0,
      reasoningTokens: 5,
    },
  };
}

Deno.test("encodeAnthropicResponse uses the gateway id, client model and uncached input tokens", () => {
  const body = anthropicEntry.encodeResponse(
    response({ reason: "end_turn" }),
    entryContext(),
  ) as Record<string, unknown>;
  assert.equal(body.id, "msg_gateway_1");
  assert.equal(body.model, "claude-opus-4-6");
  assert.equal(body.type, "message");
  assert.equal(body.role, "assistant");
  assert.deepEqual(body.usage, {
    input_tokens: 200,
    output_tokens: 20,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 800,
  });
  assert.deepEqual(body.content, [
    { type: "thinking", thinking: "unsigned reasoning", signature: "" },
    { type: "text", text: "hi" },
  ]);
});

Deno.test("encodeAnthropicResponse maps stop reasons", () => {
  const cases: [StopInfo, boolean, string, string | null][] = [
    [{ reason: "end_turn", raw: "stop" }, true, "tool_use", null],
    [{ reason: "max_tokens" }, true, "max_tokens", null],
    [{ reason: "stop_sequence", sequence: "##" }, false, "stop_sequence", "##"],
    [{ reason: "refusal", raw: "content_filter" }, false, "refusal", null],
    [{ reason: "context_exceeded" }, false, "model_context_window_exceeded", null],
    [{ reason: "pause_turn" }, false, "pause_turn", null],
    [{ reason: "error", raw: "MALFORMED_FUNCTION_CALL" }, false, "end_turn", null],
  ];
  for (const [stop, withTool, reason, sequence] of cases) {
    const body = anthropicEntry.encodeResponse(response(stop, withTool), entryContext()) as Record<
      string,
      unknown
    >;
    assert.equal(body.stop_reason, reason, JSON.stringify(stop));
    assert.equal(body.stop_sequence, sequence);
  }
});
