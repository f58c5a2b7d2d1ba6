import assert from "node:assert/strict";
import {
  buildOpenAIRequest,
  encodeOpenAIRequest,
} from "../../../../lib/protocols/openai/upstream/encode_request.ts";
import type { IrRequest } from "../../../../lib/ir/request.ts";
import { adapterContext } from "./_stream_fixture.ts";

function request(overrides: Partial<IrRequest> = {}): IrRequest {
  return {
    model: "gpt-4o",
    system: [],
    messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
    tools: [],
    stream: false,
    ...overrides,
  };
}

Deno.test("buildOpenAIRequest targets /v1/chat/completions with Bearer auth and provider headers", () => {
  const ctx = adapterContext();
  ctx.provider = {
    ...ctx.provider,
    base_url: "https://api.example.com/v1/",
    headers: { "OpenAI-Organization": "org-1" },
  };
  const built = buildOpenAIRequest(request(), ctx);
  assert.equal(built.url, "https://api.example.com/v1/chat/completions");
  assert.deepEqual(built.headers, {
    "content-type": "application/json",
    authorization: "Bearer sk-test",
    "OpenAI-Organization": "org-1",
  });
  const keyless = adapterContext();
  keyless.provider = { ...keyless.provider, apiKey: undefined, base_url: "http://127.0.0.1:8000" };
  const local = buildOpenAIRequest(request(), keyless);
  assert.equal(local.url, "http://127.0.0.1:8000/v1/chat/completions");
  assert.equal("authorization" in local.headers, false);
});

Deno.test("encodeOpenAIRequest places tool results right after the calls and moves tool images to a user message", () => {
  const body = encodeOpenAIRequest(request({
    system: [{ type: "text", text: "Be brief.", cacheControl: { type: "ephemeral" } }, {
      type: "text",
      text: "Use tools.",
    }],
    messages: [
      { role: "user", content: [{ type: "text", text: "Screenshot and list" }] },
      {
        role: "assistant",
        content: [
          { type: "thinking", text: "secret", signature: "sig" },
          { type: "text", text: "" },
          { type: "tool_call", id: "c1", name: "shot", input: {} },
          { type: "tool_call", id: "c2", name: "ls", input: { dir: "/" } },
        ],
      },
      {
        role: "user",
        content: [
          {
            type: "tool_result",
            callId: "c1",
            content: [
              { type: "text", text: "done" },
              { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBO" } },
            ],
          },
          {
            type: "tool_result",
            callId: "c2",
            content: [{ type: "text", text: "a\nb" }],
            isError: true,
          },
          { type: "text", text: "thanks", cacheControl: { type: "ephemeral" } },
        ],
      },
      { role: "system", content: [{ type: "text", text: "Mid-conversation note." }] },
    ],
  }));
  assert.deepEqual(body.messages, [
    { role: "system", content: "Be brief.\n\nUse tools." },
    { role: "user", content: "Screenshot and list" },
    {
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "c1", type: "function", function: { name: "shot", arguments: "{}" } },
        { id: "c2", type: "function", function: { name: "ls", arguments: '{"dir":"/"}' } },
      ],
    },
    { role: "tool", tool_call_id: "c1", content: "done" },
    { role: "tool", tool_call_id: "c2", content: "a\nb" },
    {
      role: "user",
      content: [
        { type: "text", text: "Attachments of tool result c1:" },
        { type: "image_url", image_url: { url: "data:image/png;base64,iVBO" } },
        { type: "text", text: "thanks" },
      ],
    },
    { role: "system", content: "Mid-conversation note." },
  ]);
  assert.ok(!JSON.stringify(body).includes("cache_control"));
  assert.ok(!JSON.stringify(body).includes("secret"));
});

Deno.test("encodeOpenAIRequest maps tools, tool_choice, parallel flag, stop and sampling", () => {
  const body = encodeOpenAIRequest(request({
    tools: [{
      name: "ls",
      description: "List",
      inputSchema: { type: "object", properties: { dir: { type: "string" } } },
      strict: true,
      cacheControl: { type: "ephemeral" },
    }],
    toolChoice: { type: "any" },
    parallelToolCalls: false,
    maxTokens: 100,
    temperature: 0.2,
    topP: 0.9,
    topK: 40,
    stopSequences: ["a", "b", "c", "d", "e"],
    user: "u-1",
  }));
  assert.deepEqual(body.tools, [{
    type: "function",
    function: {
      name: "ls",
      description: "List",
      parameters: { type: "object", properties: { dir: { type: "string" } } },
      strict: true,
    },
  }]);
  assert.equal(body.tool_choice, "required");
  assert.equal(body.parallel_tool_calls, false);
  assert.equal(body.max_tokens, 100);
  assert.equal(body.temperature, 0.2);
  assert.equal(body.top_p, 0.9);
  assert.equal("top_k" in body, false);
  assert.deepEqual(body.stop, ["a", "b", "c", "d"]);
  assert.equal(body.user, "u-1");
  const named = encodeOpenAIRequest(request({ toolChoice: { type: "tool", name: "ls" } }));
  assert.deepEqual(named.tool_choice, { type: "function", function: { name: "ls" } });
  assert.equal(
    "parallel_tool_calls" in encodeOpenAIRequest(request({ parallelToolCalls: true })),
    false,
  );
});

Deno.test("encodeOpenAIRequest uses max_completion_tokens and reasoning_effort for reasoning models", () => {
  const body = encodeOpenAIRequest(request({
    model: "gpt-5-mini",
    maxTokens: 2000,
    reasoning: { effort: "max" },
  }));
  assert.equal(body.max_completion_tokens, 2000);
  assert.equal("max_tokens" in body, false);
  assert.equal(body.reasoning_effort, "xhigh");
  assert.equal(
    encodeOpenAIRequest(request({ model: "o3", maxTokens: 5 })).max_completion_tokens,
    5,
  );
});

Deno.test("encodeOpenAIRequest asks for usage when streaming and maps prompt cache hints", () => {
  const body = encodeOpenAIRequest(request({
    stream: true,
    promptCache: { key: "ferry-abc", retention: "24h" },
    responseFormat: { type: "json_schema", name: "out", schema: { type: "object" }, strict: true },
  }));
  assert.equal(body.stream, true);
  assert.deepEqual(body.stream_options, { include_usage: true });
  assert.equal(body.prompt_cache_key, "ferry-abc");
  assert.equal(body.prompt_cache_retention, "24h");
  assert.deepEqual(body.response_format, {
    type: "json_schema",
    json_schema: { name: "out", schema: { type: "object" }, strict: true },
  });
});

Deno.test("encodeOpenAIRequest merges only openai extensions and sends metadata only with store", () => {
  const body = encodeOpenAIRequest(request({
    temperature: 0.5,
    metadata: { team: "a" },
    extensions: {
      openai: { seed: 7, temperature: 2, logit_bias: { "50256": -100 } },
      anthropic: { context_management: { edits: [] } },
    },
  }));
  assert.equal(body.seed, 7);
  assert.equal(body.temperature, 0.5);
  assert.deepEqual(body.logit_bias, { "50256": -100 });
  assert.equal("context_management" in body, false);
  assert.equal("metadata" in body, false);
  const stored = encodeOpenAIRequest(request({
    metadata: { team: "a" },
    extensions: { openai: { store: true } },
  }));
  assert.deepEqual(stored.metadata, { team: "a" });
});

Deno.test("encodeOpenAIRequest sends documents as file parts and keeps image detail", () => {
  const body = encodeOpenAIRequest(request({
    messages: [{
      role: "user",
      content: [
        {
          type: "document",
          source: { kind: "base64", mediaType: "application/pdf", data: "JVBE" },
          filename: "a.pdf",
        },
        { type: "image", source: { kind: "url", url: "https://x/y.png" }, detail: "low" },
      ],
    }],
  }));
  assert.deepEqual(body.messages, [{
    role: "user",
    content: [
      { type: "file", file: { file_data: "data:application/pdf;base64,JVBE", filename: "a.pdf" } },
      { type: "image_url", image_url: { url: "https://x/y.png", detail: "low" } },
    ],
  }]);
});

Deno.test("encodeOpenAIRequest never sends an assistant turn that held only thinking", () => {
  const body = encodeOpenAIRequest(request({
    messages: [
      { role: "user", content: [{ type: "text", text: "q" }] },
      { role: "assistant", content: [{ type: "thinking", text: "hmm", signature: "s" }] },
      { role: "user", content: [{ type: "text", text: "again" }] },
    ],
  }));
  assert.deepEqual(body.messages, [
    { role: "user", content: "q" },
    { role: "user", content: "again" },
  ]);
});

Deno.test("encodeOpenAIRequest inlines plain-text documents and never sends a file id as an image URL", () => {
  const body = encodeOpenAIRequest(request({
    messages: [{
      role: "user",
      content: [
        {
          type: "document",
          source: { kind: "base64", mediaType: "text/plain", data: btoa("notes: ok") },
          title: "Notes",
        },
        { type: "image", source: { kind: "file", fileId: "file-9" } },
      ],
    }],
  }));
  assert.deepEqual(body.messages, [{
    role: "user",
    content: [
      { type: "text", text: "Notes\n\nnotes: ok" },
      { type: "text", text: "[image file file-9]" },
    ],
  }]);
});

Deno.test("translated clients send reasoning_effort only to models that take it", () => {
  const adaptive = { reasoning: { mode: "adaptive" as const, effort: "high" as const } };
  // Claude Code asks for adaptive thinking on every turn: gpt-4o would answer 400 to the field.
  assert.equal(encodeOpenAIRequest(request(adaptive), "anthropic").reasoning_effort, undefined);
  assert.equal(
    encodeOpenAIRequest(request({ ...adaptive, model: "gpt-5.5" }), "anthropic").reasoning_effort,
    "high",
  );
  assert.equal(
    encodeOpenAIRequest(request({ ...adaptive, model: "o4-mini" }), "gemini").reasoning_effort,
    "high",
  );
  // An OpenAI client chose the field for its own model: it passes as sent.
  assert.equal(encodeOpenAIRequest(request(adaptive), "openai").reasoning_effort, "high");
});

Deno.test("translated clients' sampling settings are not sent to reasoning models", () => {
  const sampled = { temperature: 0.2, topP: 0.9 };
  const reasoning = encodeOpenAIRequest(request({ ...sampled, model: "gpt-5.5" }), "anthropic");
  assert.equal(reasoning.temperature, undefined);
  assert.equal(reasoning.top_p, undefined);
  const classic = encodeOpenAIRequest(request(sampled), "anthropic");
  assert.deepEqual([classic.temperature, classic.top_p], [0.2, 0.9]);
  const own = encodeOpenAIRequest(request({ ...sampled, model: "gpt-5.5" }), "openai");
  assert.deepEqual([own.temperature, own.top_p], [0.2, 0.9]);
});
