import assert from "node:assert/strict";
import { openaiEntry } from "../../../../lib/protocols/openai/client/mod.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import { INFO } from "./_entry_context.ts";

const decode = (body: unknown) => openaiEntry.decodeRequest(body, INFO);

function rejects(body: unknown, message: string) {
  assert.throws(() => decode(body), (e: unknown) => {
    assert.ok(e instanceof GatewayError);
    assert.equal(e.status, 400);
    assert.equal(e.kind, "invalid_request");
    assert.equal(e.message, message);
    return true;
  });
}

Deno.test("decodeOpenAIRequest decodes an opencode-style tool round trip", () => {
  const { ir, wire } = decode({
    model: "gpt-4.1",
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: 32000,
    messages: [
      { role: "system", content: "You are opencode." },
      { role: "user", content: "list files" },
      {
        role: "assistant",
        content: "",
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "bash", arguments: '{"cmd":"ls"}' } },
          { id: "call_2", type: "function", function: { name: "read", arguments: "" } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "a.txt" },
      { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "hello" }] },
      { role: "user", content: "thanks" },
    ],
  });
  assert.deepEqual(wire, { includeUsage: true });
  assert.deepEqual(ir, {
    model: "gpt-4.1",
    system: [{ type: "text", text: "You are opencode." }],
    messages: [
      { role: "user", content: [{ type: "text", text: "list files" }] },
      {
        role: "assistant",
        content: [
          { type: "tool_call", id: "call_1", name: "bash", input: { cmd: "ls" } },
          { type: "tool_call", id: "call_2", name: "read", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          {
            type: "tool_result",
            callId: "call_1",
            name: "bash",
            content: [{ type: "text", text: "a.txt" }],
          },
          {
            type: "tool_result",
            callId: "call_2",
            name: "read",
            content: [{ type: "text", text: "hello" }],
          },
        ],
      },
      { role: "user", content: [{ type: "text", text: "thanks" }] },
    ],
    tools: [],
    stream: true,
    maxTokens: 32000,
  });
});

Deno.test("decodeOpenAIRequest keeps a later system/developer message in place", () => {
  const { ir } = decode({
    model: "m",
    messages: [
      { role: "developer", content: [{ type: "text", text: "dev rules" }] },
      { role: "system", content: "more rules" },
      { role: "user", content: "hi" },
      { role: "system", content: "late note" },
    ],
  });
  assert.deepEqual(ir.system, [{ type: "text", text: "dev rules" }, {
    type: "text",
    text: "more rules",
  }]);
  assert.deepEqual(ir.messages.at(-1), {
    role: "system",
    content: [{ type: "text", text: "late note" }],
  });
});

Deno.test("decodeOpenAIRequest decodes image and file parts", () => {
  const { ir } = decode({
    model: "m",
    messages: [{
      role: "user",
      content: [
        { type: "text", text: "what is this" },
        {
          type: "image_url",
          image_url: { url: "data:image/png;base64,iVBORw0KGgo=", detail: "high" },
        },
        { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
        {
          type: "file",
          file: { file_data: "data:application/pdf;base64,JVBERi0=", filename: "x.pdf" },
        },
        { type: "file", file: { file_id: "file-abc" } },
      ],
    }],
  });
  assert.deepEqual(ir.messages[0].content, [
    { type: "text", text: "what is this" },
    {
      type: "image",
      source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" },
      detail: "high",
    },
    { type: "image", source: { kind: "url", url: "https://example.com/cat.jpg" } },
    {
      type: "document",
      source: { kind: "base64", mediaType: "application/pdf", data: "JVBERi0=" },
      filename: "x.pdf",
    },
    { type: "document", source: { kind: "file", fileId: "file-abc" } },
  ]);
});

Deno.test("decodeOpenAIRequest maps tools, tool_choice and sampling fields", () => {
  const { ir } = decode({
    model: "m",
    messages: [{ role: "user", content: "x" }],
    tools: [
      {
        type: "function",
        function: { name: "ls", description: "List", parameters: { type: "object" }, strict: true },
      },
      { type: "function", function: { name: "now" } },
    ],
    tool_choice: "required",
    parallel_tool_calls: false,
    max_completion_tokens: 50,
    max_tokens: 99,
    temperature: 0.1,
    top_p: 0.5,
    stop: "END",
    user: "u",
    metadata: { k: "v" },
    reasoning_effort: "high",
    response_format: {
      type: "json_schema",
      json_schema: { name: "r", schema: { type: "object" }, strict: true },
    },
    prompt_cache_key: "pk",
    prompt_cache_retention: "24h",
    seed: 42,
    frequency_penalty: 0.3,
    n: 1,
  });
  assert.deepEqual(ir.tools, [
    { name: "ls", description: "List", inputSchema: { type: "object" }, strict: true },
    { name: "now", inputSchema: { type: "object", properties: {} } },
  ]);
  assert.deepEqual(ir.toolChoice, { type: "any" });
  assert.equal(ir.parallelToolCalls, false);
  assert.equal(ir.maxTokens, 50);
  assert.equal(ir.temperature, 0.1);
  assert.equal(ir.topP, 0.5);
  assert.deepEqual(ir.stopSequences, ["END"]);
  assert.equal(ir.user, "u");
  assert.deepEqual(ir.metadata, { k: "v" });
  assert.deepEqual(ir.reasoning, { effort: "high" });
  assert.deepEqual(ir.responseFormat, {
    type: "json_schema",
    name: "r",
    schema: { type: "object" },
    strict: true,
  });
  assert.deepEqual(ir.promptCache, { key: "pk", retention: "24h" });
  assert.deepEqual(ir.extensions, { openai: { seed: 42, frequency_penalty: 0.3 } });
  assert.equal(ir.stream, false);
  assert.deepEqual(
    decode({
      model: "m",
      messages: [],
      tool_choice: { type: "function", function: { name: "ls" } },
    }).ir.toolChoice,
    {
      type: "tool",
      name: "ls",
    },
  );
});

Deno.test("decodeOpenAIRequest decodes DeepSeek reasoning_content as unsigned thinking", () => {
  const { ir } = decode({
    model: "m",
    messages: [
      { role: "user", content: "q" },
      { role: "assistant", content: "a", reasoning_content: "thought" },
    ],
  });
  assert.deepEqual(ir.messages[1].content, [
    { type: "thinking", text: "thought" },
    { type: "text", text: "a" },
  ]);
});

Deno.test("decodeOpenAIRequest rejects wrong types with a precise path", () => {
  rejects([], "body: expected an object");
  rejects({ messages: [] }, "model: expected a string");
  rejects({ model: "m" }, "messages: is required");
  rejects({ model: "m", messages: {} }, "messages: expected an array");
  rejects(
    { model: "m", messages: [{ role: "user", content: [{ type: "text", text: 5 }] }] },
    "messages[0].content[0].text: expected a string",
  );
  rejects(
    { model: "m", messages: [{ role: "wizard", content: "x" }] },
    'messages[0].role: expected "system", "developer", "user", "assistant" or "tool"',
  );
  rejects({ model: "m", messages: [], temperature: "hot" }, "temperature: expected a number");
  rejects({ model: "m", messages: [], max_tokens: 1.5 }, "max_tokens: expected an integer");
  rejects({ model: "m", messages: [], stop: ["a", 1] }, "stop[1]: expected a string");
  rejects({ model: "m", messages: [], n: 2 }, "n: only n = 1 is supported by this gateway");
  rejects({ model: "m", messages: [], reasoning_effort: 3 }, "reasoning_effort: expected a string");
  rejects(
    { model: "m", messages: [], stream_options: { include_usage: "yes" } },
    "stream_options.include_usage: expected a boolean",
  );
  rejects(
    { model: "m", messages: [], tools: [{ type: "function", function: {} }] },
    "tools[0].function.name: expected a string",
  );
});

Deno.test("decodeOpenAIRequest rejects empty, unmatched and malformed tool ids and arguments", () => {
  const call = (id: string, args = "{}") => ({
    role: "assistant",
    content: null,
    tool_calls: [{ id, type: "function", function: { name: "f", arguments: args } }],
  });
  rejects(
    { model: "m", messages: [call("")] },
    "messages[0].tool_calls[0].id: tool call id must not be empty",
  );
  rejects(
    { model: "m", messages: [call("c1", "{nope")] },
    "messages[0].tool_calls[0].function.arguments: is not valid JSON",
  );
  rejects(
    { model: "m", messages: [call("c1", "[1]")] },
    "messages[0].tool_calls[0].function.arguments: expected a JSON object",
  );
  rejects({
    model: "m",
    messages: [call("c1"), { role: "tool", tool_call_id: "c2", content: "x" }],
  }, 'messages[1].tool_call_id: no earlier assistant tool call has id "c2"');
  rejects(
    { model: "m", messages: [call("c1"), { role: "tool", tool_call_id: "", content: "x" }] },
    "messages[1].tool_call_id: must not be empty",
  );
});

Deno.test("decodeOpenAIRequest never produces empty text blocks", () => {
  const { ir } = decode({
    model: "m",
    messages: [
      { role: "system", content: "" },
      { role: "user", content: [{ type: "text", text: "" }, { type: "text", text: "hi" }] },
      {
        role: "assistant",
        content: "",
        tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: "c", content: "" },
    ],
  });
  assert.deepEqual(ir.system, []);
  const texts = ir.messages.flatMap((m) => m.content).filter((b) => b.type === "text");
  assert.deepEqual(texts, [{ type: "text", text: "hi" }]);
  assert.deepEqual(ir.messages[2].content, [{
    type: "tool_result",
    callId: "c",
    name: "f",
    content: [],
  }]);
});
