import assert from "node:assert/strict";
import { anthropicEntry } from "../../../../lib/protocols/anthropic/client/mod.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import { fixtureJson } from "../upstream/_context.ts";
import { INFO } from "./_context.ts";

const decode = (body: unknown) => anthropicEntry.decodeRequest(body, INFO).ir;

function rejects(body: unknown, pattern: RegExp) {
  assert.throws(() => decode(body), (error: unknown) => {
    assert.ok(error instanceof GatewayError);
    assert.equal(error.status, 400);
    assert.equal(error.kind, "invalid_request");
    assert.match(error.message, pattern);
    return true;
  });
}

const user = (content: unknown) => ({ role: "user", content });

Deno.test("decodeAnthropicRequest rejects malformed bodies with precise paths", () => {
  rejects({ messages: [] }, /^model: expected a string/);
  rejects({ model: "m", messages: {} }, /^messages: expected an array/);
  rejects({ model: "m", messages: [{ role: "tool", content: "x" }] }, /^messages\[0\]\.role/);
  rejects(
    { model: "m", messages: [user([{ type: "text", text: "a" }, { text: "b" }])] },
    /^messages\[0\]\.content\[1\]\.type: expected a string/,
  );
  rejects({ model: "m", messages: [user([{ type: "text", text: 5 }])] }, /content\[0\]\.text/);
  rejects(
    { model: "m", max_tokens: -1, messages: [user("hi")] },
    /^max_tokens: expected a positive integer/,
  );
  rejects(
    { model: "m", messages: [user("hi")], thinking: { type: "enabled" } },
    /thinking\.budget_tokens/,
  );
  rejects({ model: "m", messages: [user("hi")], tool_choice: { type: 5 } }, /^tool_choice\.type/);
});

Deno.test("decodeAnthropicRequest rejects empty and unmatched tool ids", () => {
  const call = (id: string) => ({
    role: "assistant",
    content: [{ type: "tool_use", id, name: "f", input: {} }],
  });
  rejects({ model: "m", messages: [user("q"), call("")] }, /tool_use id must not be empty/);
  rejects(
    {
      model: "m",
      messages: [
        user("q"),
        call("toolu_1"),
        user([{ type: "tool_result", tool_use_id: "toolu_2", content: "x" }]),
      ],
    },
    /messages\[2\]\.content: tool_result for tool_use_id "toolu_2" does not match/,
  );
  rejects(
    { model: "m", messages: [user([{ type: "tool_result", tool_use_id: "t", content: "x" }])] },
    /does not match/,
  );
});

Deno.test("decodeAnthropicRequest omits empty text blocks and keeps server tool transcript blocks opaque", () => {
  const ir = decode({
    model: "m",
    messages: [
      user([{ type: "text", text: "  \n" }, { type: "text", text: "hi" }]),
      {
        role: "assistant",
        content: [
          { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "x" } },
          { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
          { type: "text", text: "found" },
        ],
      },
    ],
  });
  assert.deepEqual(ir.messages, [
    { role: "user", content: [{ type: "text", text: "hi" }] },
    {
      role: "assistant",
      content: [
        {
          type: "opaque",
          protocol: "anthropic",
          raw: {
            type: "server_tool_use",
            id: "srvtoolu_1",
            name: "web_search",
            input: { query: "x" },
          },
        },
        {
          type: "opaque",
          protocol: "anthropic",
          raw: { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
        },
        { type: "text", text: "found" },
      ],
    },
  ]);
});

Deno.test("decodeAnthropicRequest decodes the Claude Code request body", () => {
  const ir = decode(fixtureJson("claude_code/request.json"));
  assert.equal(ir.model, "claude-opus-5-5");
  assert.equal(ir.maxTokens, 128000);
  assert.equal(ir.stream, true);
  assert.equal(ir.system.length, 3);
  assert.match(ir.system[0].text, /^x-anthropic-billing-header/);
  assert.equal(ir.system[0].cacheControl, undefined);
  assert.deepEqual(ir.system[1].cacheControl, { type: "ephemeral" });
  assert.deepEqual(ir.messages.map((m) => m.role), [
    "user",
    "system",
    "assistant",
    "user",
    "system",
  ]);
  assert.deepEqual(ir.messages[4].content, [{
    type: "text",
    text: "Environment: linux, cwd /tmp/work, git repo: no",
  }]);
  assert.deepEqual(ir.reasoning, { mode: "adaptive", includeThoughts: false, effort: "medium" });
  assert.match(ir.user!, /^\{"device_id":"4f2c/);
  assert.deepEqual(ir.tools[1].extensions, { anthropic: { defer_loading: true } });
  assert.equal(
    (ir.tools[0].inputSchema as { $schema: string }).$schema,
    "https://json-schema.org/draft/2020-12/schema",
  );
  assert.deepEqual(ir.extensions?.anthropic?.context_management, {
    edits: [{ type: "clear_thinking_20251015", keep: "all" }],
  });
  const thinking = ir.messages[2].content[0];
  assert.equal(thinking.type, "thinking");
  assert.deepEqual(thinking.type === "thinking" && thinking.origin, {
    protocol: "anthropic",
    provider: "",
    model: "",
  });
});

Deno.test("decodeAnthropicRequest maps tool_choice, sampling and server tools", () => {
  const ir = decode({
    model: "m",
    messages: [user("hi")],
    tools: [
      {
        name: "f",
        input_schema: { type: "object" },
        strict: true,
        cache_control: { type: "ephemeral", ttl: "1h" },
      },
      { type: "web_search_20250305", name: "web_search", max_uses: 3 },
    ],
    tool_choice: { type: "any", disable_parallel_tool_use: true },
    temperature: 0.5,
    top_p: 0.9,
    top_k: 40,
    stop_sequences: ["END"],
    service_tier: "auto",
    output_config: {
      format: { type: "json_schema", schema: { type: "object" } },
    },
  });
  assert.deepEqual(ir.tools, [{
    name: "f",
    inputSchema: { type: "object" },
    strict: true,
    cacheControl: { type: "ephemeral", ttl: "1h" },
  }]);
  assert.deepEqual(ir.toolChoice, { type: "any" });
  assert.equal(ir.parallelToolCalls, false);
  assert.equal(ir.temperature, 0.5);
  assert.equal(ir.topP, 0.9);
  assert.equal(ir.topK, 40);
  assert.deepEqual(ir.stopSequences, ["END"]);
  assert.deepEqual(ir.responseFormat, { type: "json_schema", schema: { type: "object" } });
  assert.equal(ir.extensions?.anthropic?.service_tier, "auto");
  assert.deepEqual(ir.extensions?.anthropic?.ferryllm_server_tools, [{
    index: 1,
    tool: { type: "web_search_20250305", name: "web_search", max_uses: 3 },
  }]);
});

Deno.test("decodeAnthropicRequest maps thinking types to reasoning control", () => {
  assert.deepEqual(
    decode({
      model: "m",
      messages: [user("x")],
      thinking: { type: "enabled", budget_tokens: 2048 },
    })
      .reasoning,
    { mode: "enabled", budgetTokens: 2048 },
  );
  assert.deepEqual(
    decode({ model: "m", messages: [user("x")], thinking: { type: "disabled" } }).reasoning,
    { mode: "disabled" },
  );
  assert.deepEqual(
    decode({
      model: "m",
      messages: [user("x")],
      thinking: { type: "adaptive", display: "summarized" },
      output_config: { effort: "max" },
    }).reasoning,
    { mode: "adaptive", includeThoughts: true, effort: "max" },
  );
});

Deno.test("decodeAnthropicRequest decodes media and documents", () => {
  const ir = decode({
    model: "m",
    messages: [user([
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBOR" } },
      { type: "image", source: { type: "url", url: "https://x/y.png" } },
      {
        type: "document",
        title: "notes",
        source: { type: "text", media_type: "text/plain", data: "héllo" },
      },
      { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBE" } },
    ])],
  });
  assert.deepEqual(ir.messages[0].content, [
    { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBOR" } },
    { type: "image", source: { kind: "url", url: "https://x/y.png" } },
    {
      type: "document",
      title: "notes",
      source: { kind: "base64", mediaType: "text/plain", data: "aMOpbGxv" },
    },
    {
      type: "document",
      source: { kind: "base64", mediaType: "application/pdf", data: "JVBE" },
    },
  ]);
});
