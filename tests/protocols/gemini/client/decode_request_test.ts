import assert from "node:assert/strict";
import { GatewayError } from "../../../../lib/ir/error.ts";
import { decode, fixtureJson, requestInfo } from "./_context.ts";

Deno.test("decodeGeminiRequest reads a Gemini CLI turn with client ids and the stand-in signature", () => {
  const { ir, wire } = decode(fixtureJson("requests/gemini_cli_stream.json"));
  assert.equal(ir.model, "gemini-2.5-flash");
  assert.equal(ir.stream, true);
  assert.deepStrictEqual(wire, { sse: true, includeThoughts: true });
  assert.deepStrictEqual(ir.system, [{
    type: "text",
    text: "You are an interactive CLI agent specializing in software engineering tasks.",
  }]);
  assert.deepStrictEqual(ir.messages[2], {
    role: "assistant",
    content: [{
      type: "tool_call",
      id: "run_shell_command_1767225600000_0",
      name: "run_shell_command",
      input: { command: "echo hi", description: "Print hi" },
      thoughtSignature: "skip_thought_signature_validator",
      origin: { protocol: "gemini", provider: "", model: "" },
    }],
  });
  assert.deepStrictEqual(ir.messages[3].content, [{
    type: "tool_result",
    callId: "run_shell_command_1767225600000_0",
    name: "run_shell_command",
    content: [{
      type: "text",
      text: "<untrusted_context>Command: echo hi\nOutput: hi\n</untrusted_context>",
    }],
  }]);
  // parametersJsonSchema is kept as the client's full JSON Schema.
  assert.equal(ir.tools[0].name, "run_shell_command");
  assert.deepStrictEqual(
    (ir.tools[0].inputSchema.properties as Record<string, unknown>).timeout,
    { type: "integer", exclusiveMinimum: 0, maximum: 600000 },
  );
  assert.deepStrictEqual(ir.reasoning, {
    includeThoughts: true,
    mode: "enabled",
    budgetTokens: 8192,
  });
  assert.equal(ir.temperature, 1);
  assert.equal(ir.topP, 0.95);
  assert.equal(ir.topK, 64);
});

Deno.test("decodeGeminiRequest maps the Gemini CLI router call to a JSON-schema response format", () => {
  const { ir, wire } = decode(
    fixtureJson("requests/gemini_cli_router.json"),
    requestInfo("gemini-3.5-flash-lite", "generateContent"),
  );
  assert.equal(ir.stream, false);
  assert.equal(wire.sse, false);
  assert.deepStrictEqual(ir.responseFormat, {
    type: "json_schema",
    name: "response",
    schema: {
      type: "object",
      properties: {
        reasoning: { type: "string", description: "Brief explanation for the score." },
        complexity_score: { type: "integer", minimum: 1, maximum: 100 },
      },
      required: ["reasoning", "complexity_score"],
    },
  });
  assert.deepStrictEqual(ir.reasoning, { effort: "high" });
  assert.equal(ir.maxTokens, 1024);
  assert.equal(ir.temperature, 0);
});

Deno.test("decodeGeminiRequest reads opencode's OpenAPI parameters and replayed thought parts", () => {
  const { ir } = decode(fixtureJson("requests/opencode_stream.json"));
  assert.deepStrictEqual(ir.messages[1].content, [
    {
      type: "thinking",
      text: "**Listing files**\n\nI'll run ls.",
      signature: "Cs0BAXLI2nzThoughtSig==",
      origin: { protocol: "gemini", provider: "", model: "" },
    },
    {
      type: "tool_call",
      id: "call_g1_2",
      name: "bash",
      input: { command: "ls", description: "List files" },
      thoughtSignature: "Cs0BAXLI2nzCallSig==",
      origin: { protocol: "gemini", provider: "", model: "" },
    },
  ]);
  assert.deepStrictEqual(ir.messages[2].content, [{
    type: "tool_result",
    callId: "call_g1_2",
    name: "bash",
    content: [{ type: "text", text: "a.txt\nb.txt\n" }],
  }]);
  assert.deepStrictEqual(ir.tools[1].inputSchema, {
    type: "object",
    properties: {
      todos: {
        type: "array",
        items: {
          type: "object",
          properties: {
            status: { type: "string", enum: ["pending", "done"], format: "enum" },
            note: { type: ["string", "null"] },
          },
          required: ["status"],
        },
        minItems: 1,
      },
    },
    required: ["todos"],
  });
  assert.deepStrictEqual(ir.toolChoice, { type: "auto" });
  assert.deepStrictEqual(ir.reasoning, { includeThoughts: true, effort: "high" });
  assert.equal(ir.maxTokens, 32000);
});

Deno.test("decodeGeminiRequest pairs id-less function responses with calls by name and order", () => {
  const { ir } = decode({
    contents: [
      { parts: [{ text: "two lookups" }] },
      {
        role: "model",
        parts: [
          { functionCall: { name: "get", args: { k: 1 } } },
          { functionCall: { name: "get", args: { k: 2 } } },
          { functionCall: { name: "put", args: {} } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "put", response: { ok: true } } },
          { functionResponse: { name: "get", response: { output: "one" } } },
          { functionResponse: { name: "get", response: { error: "two failed" } } },
        ],
      },
    ],
  });
  const ids = ir.messages[1].content.map((b) => b.type === "tool_call" ? b.id : "");
  assert.deepStrictEqual(ids, ["call_g1_0", "call_g1_1", "call_g1_2"]);
  assert.deepStrictEqual(ir.messages[2].content, [
    {
      type: "tool_result",
      callId: "call_g1_2",
      name: "put",
      content: [{ type: "text", text: '{"ok":true}' }],
    },
    {
      type: "tool_result",
      callId: "call_g1_0",
      name: "get",
      content: [{ type: "text", text: "one" }],
    },
    {
      type: "tool_result",
      callId: "call_g1_1",
      name: "get",
      content: [{ type: "text", text: "two failed" }],
      isError: true,
    },
  ]);
  assert.equal(ir.messages[0].role, "user");
});

Deno.test("decodeGeminiRequest maps media parts, tool config and keeps Gemini-only fields", () => {
  const { ir } = decode({
    contents: [{
      role: "user",
      parts: [
        { inlineData: { mimeType: "image/png", data: "iVBO" } },
        { inlineData: { mimeType: "application/pdf", data: "JVBE" } },
        { fileData: { mimeType: "image/jpeg", fileUri: "https://example.com/cat.jpg" } },
      ],
    }],
    tools: [{ functionDeclarations: [{ name: "a" }, { name: "b" }] }, { googleSearch: {} }],
    toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["a", "b"] } },
    safetySettings: [{ category: "HARM_CATEGORY_HATE_SPEECH", threshold: "BLOCK_NONE" }],
    cachedContent: "cachedContents/abc",
    generationConfig: { seed: 3, stopSequences: ["X"], thinkingConfig: { thinkingBudget: 0 } },
  }, requestInfo("gemini-2.5-flash", "generateContent"));
  assert.deepStrictEqual(ir.messages[0].content, [
    { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBO" } },
    { type: "document", source: { kind: "base64", mediaType: "application/pdf", data: "JVBE" } },
    {
      type: "image",
      source: { kind: "url", url: "https://example.com/cat.jpg", mediaType: "image/jpeg" },
    },
  ]);
  assert.deepStrictEqual(ir.toolChoice, { type: "any" });
  assert.deepStrictEqual(ir.tools.map((t) => t.name), ["a", "b"]);
  assert.deepStrictEqual(ir.tools[0].inputSchema, { type: "object", properties: {} });
  assert.deepStrictEqual(ir.stopSequences, ["X"]);
  assert.deepStrictEqual(ir.reasoning, { mode: "disabled", effort: "none" });
  assert.deepStrictEqual(ir.extensions?.gemini, {
    safetySettings: [{ category: "HARM_CATEGORY_HATE_SPEECH", threshold: "BLOCK_NONE" }],
    cachedContent: "cachedContents/abc",
    tools: [{ googleSearch: {} }],
    generationConfig: { seed: 3 },
    toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["a", "b"] } },
  });
});

Deno.test("decodeGeminiRequest maps a single allowed function with ANY to a named tool choice", () => {
  const { ir } = decode({
    contents: [{ parts: [{ text: "x" }] }],
    tools: [{ functionDeclarations: [{ name: "a" }] }],
    toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["a"] } },
  });
  assert.deepStrictEqual(ir.toolChoice, { type: "tool", name: "a" });
});

const INVALID: [string, unknown, RegExp][] = [
  ["a non-object body", [], /request body: expected an object/],
  ["empty contents", { contents: [] }, /contents: must not be empty/],
  ["a bad role", { contents: [{ role: "assistant", parts: [] }] }, /contents\[0\]\.role/],
  [
    "a non-string text",
    { contents: [{ parts: [{ text: 3 }] }] },
    /contents\[0\]\.parts\[0\]\.text: expected a string/,
  ],
  [
    "a part with no content",
    { contents: [{ parts: [{ thought: true }] }] },
    /contents\[0\]\.parts\[0\]: part has no content/,
  ],
  [
    "a user function call",
    { contents: [{ parts: [{ functionCall: { name: "f" } }] }] },
    /only model turns can call functions/,
  ],
  [
    "several candidates",
    { contents: [{ parts: [{ text: "x" }] }], generationConfig: { candidateCount: 2 } },
    /candidateCount: only 1 candidate/,
  ],
  [
    "budget and level together",
    {
      contents: [{ parts: [{ text: "x" }] }],
      generationConfig: { thinkingConfig: { thinkingBudget: 10, thinkingLevel: "LOW" } },
    },
    /not both/,
  ],
];

for (const [what, body, message] of INVALID) {
  Deno.test(`decodeGeminiRequest rejects ${what} with a precise 400`, () => {
    assert.throws(() => decode(body), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 400);
      assert.match(error.message, message);
      return true;
    });
  });
}

Deno.test("decodeGeminiRequest rejects an unknown action", () => {
  assert.throws(
    () => decode({ contents: [{ parts: [{ text: "x" }] }] }, requestInfo("m", "countTokens")),
    /unsupported method ":countTokens"/,
  );
});
