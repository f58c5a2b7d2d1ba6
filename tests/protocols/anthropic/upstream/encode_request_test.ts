import assert from "node:assert/strict";
import type { IrRequest } from "../../../../lib/ir/request.ts";
import { buildAnthropicRequest } from "../../../../lib/protocols/anthropic/upstream/encode_request.ts";
import { claudeThinkingForm } from "../../../../lib/protocols/anthropic/upstream/encode_thinking.ts";
import { adapterContext } from "./_context.ts";

type Body = Record<string, unknown> & { messages: { role: string; content: unknown[] }[] };

function ir(partial: Partial<IrRequest> = {}): IrRequest {
  return {
    model: "claude-opus-4-6",
    system: [],
    messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
    tools: [],
    stream: false,
    ...partial,
  };
}

Deno.test("buildAnthropicRequest posts to /v1/messages with or without /v1 in base_url", () => {
  for (const base_url of ["https://api.anthropic.com", "https://api.anthropic.com/v1/"]) {
    const req = buildAnthropicRequest(ir(), adapterContext({ provider: { base_url } }));
    assert.equal(req.url, "https://api.anthropic.com/v1/messages");
  }
});

Deno.test("buildAnthropicRequest forwards anthropic-version and anthropic-beta only from Anthropic clients", () => {
  const headers = {
    "anthropic-version": "2026-10-21",
    "anthropic-beta": "claude-code-20250219,context-management-2025-06-27",
  };
  const same = buildAnthropicRequest(ir(), adapterContext({ headers }));
  assert.equal(same.headers["anthropic-version"], "2026-10-21");
  assert.equal(same.headers["anthropic-beta"], headers["anthropic-beta"]);
  assert.equal(same.headers["x-api-key"], "sk-test");
  const other = buildAnthropicRequest(ir(), adapterContext({ headers, clientProtocol: "openai" }));
  assert.equal(other.headers["anthropic-version"], "2023-06-01");
  assert.equal(other.headers["anthropic-beta"], undefined);
});

Deno.test("buildAnthropicRequest omits x-api-key without a key and applies provider headers", () => {
  const req = buildAnthropicRequest(
    ir(),
    adapterContext({ provider: { apiKey: undefined, headers: { "x-org": "acme" } } }),
  );
  assert.equal("x-api-key" in req.headers, false);
  assert.equal(req.headers["x-org"], "acme");
  assert.equal(req.headers["content-type"], "application/json");
});

Deno.test("encodeAnthropicRequest uses 8192 max_tokens by default and never sends empty text", () => {
  const body = buildAnthropicRequest(
    ir({
      system: [{ type: "text", text: "  ", cacheControl: { type: "ephemeral" } }],
      messages: [
        { role: "user", content: [{ type: "text", text: "q" }] },
        {
          role: "assistant",
          content: [{ type: "text", text: "", cacheControl: { type: "ephemeral" } }, {
            type: "tool_call",
            id: "call_1",
            name: "f",
            input: {},
          }],
        },
        {
          role: "user",
          content: [{ type: "text", text: "also" }, {
            type: "tool_result",
            callId: "call_1",
            content: [{ type: "text", text: "42" }],
          }],
        },
      ],
    }),
    adapterContext({ clientProtocol: "openai" }),
  ).body as Body;
  assert.equal(body.max_tokens, 8192);
  assert.equal(body.system, undefined);
  assert.deepEqual(body.messages[1].content, [
    { type: "tool_use", id: "call_1", name: "f", input: {} },
  ]);
  assert.deepEqual(body.messages[2].content, [
    { type: "tool_result", tool_use_id: "call_1", content: "42" },
    { type: "text", text: "also" },
  ]);
});

Deno.test("encodeAnthropicRequest folds a mid-conversation system message for non-Anthropic clients", () => {
  const messages: IrRequest["messages"] = [
    { role: "user", content: [{ type: "text", text: "a" }] },
    { role: "system", content: [{ type: "text", text: "be brief" }] },
    { role: "assistant", content: [{ type: "text", text: "ok" }] },
  ];
  const other = buildAnthropicRequest(
    ir({ messages }),
    adapterContext({ clientProtocol: "openai" }),
  )
    .body as Body;
  assert.deepEqual(other.messages, [
    {
      role: "user",
      content: [{ type: "text", text: "a" }, {
        type: "text",
        text: "<system-reminder>\nbe brief\n</system-reminder>",
      }],
    },
    { role: "assistant", content: [{ type: "text", text: "ok" }] },
  ]);
  const same = buildAnthropicRequest(ir({ messages }), adapterContext()).body as Body;
  assert.deepEqual(same.messages[1], {
    role: "system",
    content: [{ type: "text", text: "be brief" }],
  });
});

Deno.test("claudeThinkingForm reads model generations", () => {
  assert.equal(claudeThinkingForm("claude-3-7-sonnet-20250219"), "budget");
  assert.equal(claudeThinkingForm("claude-sonnet-4-20250514"), "budget");
  assert.equal(claudeThinkingForm("claude-opus-4-1-20250805"), "budget");
  assert.equal(claudeThinkingForm("claude-haiku-4-5-20251001"), "budget");
  assert.equal(claudeThinkingForm("anthropic.claude-opus-4-6-v1"), "both");
  assert.equal(claudeThinkingForm("claude-sonnet-4-6"), "both");
  assert.equal(claudeThinkingForm("claude-opus-4-7"), "adaptive");
  assert.equal(claudeThinkingForm("claude-opus-5-5"), "adaptive");
  assert.equal(claudeThinkingForm("claude-default"), "adaptive");
});

Deno.test("encodeAnthropicRequest emits adaptive thinking with effort for new models", () => {
  const body = buildAnthropicRequest(
    ir({ model: "claude-opus-5-5", reasoning: { effort: "xhigh" } }),
    adapterContext({ clientProtocol: "openai" }),
  ).body as Body;
  assert.deepEqual(body.thinking, { type: "adaptive" });
  assert.deepEqual(body.output_config, { effort: "xhigh" });
  const minimal = buildAnthropicRequest(
    ir({ model: "claude-opus-4-6", reasoning: { effort: "minimal" } }),
    adapterContext({ clientProtocol: "openai" }),
  ).body as Body;
  assert.deepEqual(minimal.output_config, { effort: "low" });
});

Deno.test("encodeAnthropicRequest emits a budget above 1024 and below max_tokens for older models", () => {
  const body = buildAnthropicRequest(
    ir({
      model: "claude-sonnet-4-5",
      maxTokens: 4000,
      temperature: 0.2,
      reasoning: { effort: "high" },
    }),
    adapterContext({ clientProtocol: "openai" }),
  ).body as Body;
  assert.deepEqual(body.thinking, { type: "enabled", budget_tokens: 16384 });
  assert.equal(body.max_tokens, 16384 + 4000);
  assert.equal(body.output_config, undefined);
  assert.equal(body.temperature, undefined, "temperature is refused while thinking");
  const tiny = buildAnthropicRequest(
    ir({ model: "claude-sonnet-4-5", maxTokens: 64000, reasoning: { budgetTokens: 10 } }),
    adapterContext({ clientProtocol: "openai" }),
  ).body as Body;
  assert.deepEqual(tiny.thinking, { type: "enabled", budget_tokens: 1024 });
  assert.equal(tiny.max_tokens, 64000);
});

Deno.test("encodeAnthropicRequest honours thinking_style and reasoning_budgets", () => {
  const body = buildAnthropicRequest(
    ir({ model: "claude-opus-5-5", maxTokens: 64000, reasoning: { effort: "low" } }),
    adapterContext({
      clientProtocol: "openai",
      provider: { thinking_style: "budget", reasoning_budgets: { low: 3000 } },
    }),
  ).body as Body;
  assert.deepEqual(body.thinking, { type: "enabled", budget_tokens: 3000 });
});

Deno.test("encodeAnthropicRequest omits thinking for disabled mode and effort none", () => {
  for (const reasoning of [{ mode: "disabled" as const }, { effort: "none" as const }]) {
    const body = buildAnthropicRequest(ir({ reasoning }), adapterContext()).body as Body;
    assert.equal(body.thinking, undefined);
    assert.equal(body.output_config, undefined);
  }
});

Deno.test("encodeAnthropicRequest drops thinking when the last tool turn does not open with thinking", () => {
  const messages: IrRequest["messages"] = [
    { role: "user", content: [{ type: "text", text: "q" }] },
    {
      role: "assistant",
      content: [{ type: "text", text: "calling" }, {
        type: "tool_call",
        id: "c1",
        name: "f",
        input: {},
      }],
    },
    { role: "user", content: [{ type: "tool_result", callId: "c1", content: [] }] },
  ];
  const body = buildAnthropicRequest(
    ir({ messages, reasoning: { mode: "adaptive", effort: "high" } }),
    adapterContext(),
  ).body as Body;
  assert.equal(body.thinking, undefined);
  const signed = structuredClone(messages);
  signed[1].content.unshift({ type: "thinking", text: "t", signature: "sig" });
  const ok = buildAnthropicRequest(
    ir({ messages: signed, reasoning: { mode: "adaptive", effort: "high" } }),
    adapterContext(),
  ).body as Body;
  assert.deepEqual(ok.thinking, { type: "adaptive" });
});

Deno.test("encodeAnthropicRequest synthesizes auto tool_choice for parallelToolCalls false", () => {
  const tools = [{ name: "f", inputSchema: { type: "object" } }];
  const body = buildAnthropicRequest(
    ir({ tools, parallelToolCalls: false }),
    adapterContext({ clientProtocol: "openai" }),
  ).body as Body;
  assert.deepEqual(body.tool_choice, { type: "auto", disable_parallel_tool_use: true });
  const named = buildAnthropicRequest(
    ir({ tools, toolChoice: { type: "tool", name: "f" }, parallelToolCalls: false }),
    adapterContext({ clientProtocol: "openai" }),
  ).body as Body;
  assert.deepEqual(named.tool_choice, { type: "tool", name: "f", disable_parallel_tool_use: true });
  const none = buildAnthropicRequest(
    ir({ toolChoice: { type: "any" } }),
    adapterContext({ clientProtocol: "openai" }),
  ).body as Body;
  assert.equal(none.tool_choice, undefined, "no tool_choice without tools");
});

Deno.test("encodeAnthropicRequest keeps Anthropic-only fields away from other clients' requests", () => {
  const request = ir({
    tools: [{
      name: "f",
      inputSchema: { type: "object" },
      strict: true,
      extensions: { anthropic: { defer_loading: true } },
    }],
    extensions: { anthropic: { context_management: { edits: [] }, service_tier: "auto" } },
  });
  const other = buildAnthropicRequest(request, adapterContext({ clientProtocol: "gemini" }))
    .body as Body;
  assert.deepEqual(other.tools, [{ name: "f", input_schema: { type: "object" } }]);
  assert.equal(other.context_management, undefined);
  assert.equal(other.service_tier, undefined);
  const same = buildAnthropicRequest(request, adapterContext()).body as Body;
  assert.deepEqual(same.tools, [{
    name: "f",
    input_schema: { type: "object" },
    strict: true,
    defer_loading: true,
  }]);
  assert.deepEqual(same.context_management, { edits: [] });
  assert.equal(same.service_tier, "auto");
});

Deno.test("encodeAnthropicRequest maps json_schema output, stop sequences and user", () => {
  const body = buildAnthropicRequest(
    ir({
      responseFormat: { type: "json_schema", name: "x", schema: { type: "object" } },
      stopSequences: ["", "END"],
      user: "u-1",
      topK: 5,
    }),
    adapterContext({ clientProtocol: "openai" }),
  ).body as Body;
  assert.deepEqual(body.output_config, {
    format: { type: "json_schema", schema: { type: "object" } },
  });
  assert.deepEqual(body.stop_sequences, ["END"]);
  assert.deepEqual(body.metadata, { user_id: "u-1" });
  assert.equal(body.top_k, 5);
});
