import assert from "node:assert/strict";
import { geminiAdapter } from "../../../../lib/protocols/gemini/upstream/mod.ts";
import type { IrRequest } from "../../../../lib/ir/request.ts";
import { adapterContext } from "./_context.ts";

const gemini = { protocol: "gemini" as const, provider: "google", model: "gemini-3-pro-preview" };

function request(overrides: Partial<IrRequest> = {}): IrRequest {
  return {
    model: "gemini-2.5-flash",
    system: [{ type: "text", text: "Be brief." }],
    messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
    tools: [],
    stream: false,
    ...overrides,
  };
}

Deno.test("buildGeminiRequest picks the endpoint and key header", () => {
  const stream = geminiAdapter.encodeRequest(request({ stream: true }), adapterContext()).value;
  assert.equal(
    stream.url,
    "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
  );
  assert.equal(stream.headers["x-goog-api-key"], "test-key");
  const plain = geminiAdapter.encodeRequest(
    request({ model: "models/gemini-2.5-pro" }),
    adapterContext({ provider: { base_url: "http://127.0.0.1:9/v1beta/", apiKey: undefined } }),
  ).value;
  assert.equal(plain.url, "http://127.0.0.1:9/v1beta/models/gemini-2.5-pro:generateContent");
  assert.equal("x-goog-api-key" in plain.headers, false);
});

Deno.test("encodeGeminiRequest merges turns, folds mid-conversation system text and names function responses", () => {
  const ir = request({
    messages: [
      { role: "user", content: [{ type: "text", text: "weather?" }] },
      { role: "system", content: [{ type: "text", text: "Use metric units." }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "" },
          { type: "tool_call", id: "toolu_1", name: "get_weather", input: { city: "Oslo" } },
          { type: "tool_call", id: "toolu_2", name: "get_time", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", callId: "toolu_1", content: [{ type: "text", text: "4°C" }] },
          {
            type: "tool_result",
            callId: "toolu_2",
            isError: true,
            content: [
              { type: "text", text: "clock broken" },
              { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBO" } },
            ],
          },
        ],
      },
    ],
  });
  const body = geminiAdapter.encodeRequest(ir, adapterContext()).value.body as Record<
    string,
    unknown
  >;
  assert.deepStrictEqual(body.systemInstruction, { parts: [{ text: "Be brief." }] });
  assert.deepStrictEqual(body.contents, [
    { role: "user", parts: [{ text: "weather?" }, { text: "Use metric units." }] },
    {
      role: "model",
      parts: [
        { functionCall: { id: "toolu_1", name: "get_weather", args: { city: "Oslo" } } },
        { functionCall: { id: "toolu_2", name: "get_time", args: {} } },
      ],
    },
    {
      role: "user",
      parts: [
        { functionResponse: { id: "toolu_1", name: "get_weather", response: { output: "4°C" } } },
        {
          functionResponse: {
            id: "toolu_2",
            name: "get_time",
            response: { error: "clock broken" },
          },
        },
        { inlineData: { mimeType: "image/png", data: "iVBO" } },
      ],
    },
  ]);
});

Deno.test("encodeGeminiRequest replays signatures and adds the stand-in only on Gemini 3", () => {
  const messages: IrRequest["messages"] = [
    { role: "user", content: [{ type: "text", text: "go" }] },
    {
      role: "assistant",
      content: [
        { type: "thinking", text: "plan", signature: "th-sig", origin: gemini },
        {
          type: "thinking",
          text: "foreign",
          signature: "x",
          origin: { ...gemini, protocol: "anthropic" },
        },
        { type: "text", text: "ok", thoughtSignature: "txt-sig", origin: gemini },
        {
          type: "tool_call",
          id: "c1",
          name: "f",
          input: {},
          thoughtSignature: "call-sig",
          origin: gemini,
        },
      ],
    },
    { role: "user", content: [{ type: "tool_result", callId: "c1", content: [] }] },
    { role: "assistant", content: [{ type: "tool_call", id: "c2", name: "f", input: { a: 1 } }] },
  ];
  const g3 = geminiAdapter.encodeRequest(
    request({ model: "gemini-3-pro-preview", messages }),
    adapterContext({ model: "gemini-3-pro-preview" }),
  ).value.body as { contents: { parts: Record<string, unknown>[] }[] };
  assert.deepStrictEqual(g3.contents[1].parts, [
    { text: "plan", thought: true, thoughtSignature: "th-sig" },
    { text: "ok", thoughtSignature: "txt-sig" },
    { functionCall: { id: "c1", name: "f", args: {} }, thoughtSignature: "call-sig" },
  ]);
  assert.deepStrictEqual(g3.contents[3].parts, [
    {
      functionCall: { id: "c2", name: "f", args: { a: 1 } },
      thoughtSignature: "skip_thought_signature_validator",
    },
  ]);
  const g25 = geminiAdapter.encodeRequest(request({ messages }), adapterContext()).value
    .body as typeof g3;
  assert.equal("thoughtSignature" in g25.contents[3].parts[0], false);
});

Deno.test("encodeGeminiRequest sanitizes tools and maps tool choice and generation settings", () => {
  const body = geminiAdapter.encodeRequest(
    request({
      tools: [
        {
          name: "search",
          description: "Search",
          inputSchema: {
            $schema: "http://json-schema.org/draft-07/schema#",
            type: "object",
            properties: { q: { type: "string" } },
            additionalProperties: false,
          },
        },
        { name: "now", inputSchema: { type: "object", properties: {} } },
      ],
      toolChoice: { type: "tool", name: "search" },
      maxTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ["END"],
      responseFormat: { type: "json_schema", schema: { type: "object" } },
      reasoning: { effort: "low", includeThoughts: true },
    }),
    adapterContext(),
  ).value.body as Record<string, unknown>;
  assert.deepStrictEqual(body.tools, [{
    functionDeclarations: [
      {
        name: "search",
        description: "Search",
        parameters: { type: "object", properties: { q: { type: "string" } } },
      },
      { name: "now" },
    ],
  }]);
  assert.deepStrictEqual(body.toolConfig, {
    functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["search"] },
  });
  assert.deepStrictEqual(body.generationConfig, {
    maxOutputTokens: 100,
    temperature: 0.2,
    topP: 0.9,
    topK: 40,
    stopSequences: ["END"],
    responseMimeType: "application/json",
    responseJsonSchema: { type: "object" },
    thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 },
  });
});

Deno.test("encodeGeminiRequest maps reasoning per model generation", () => {
  const thinking = (
    model: string,
    reasoning: IrRequest["reasoning"],
  ) => ((geminiAdapter.encodeRequest(request({ model, reasoning }), adapterContext()).value
    .body as {
      generationConfig?: { thinkingConfig?: unknown };
    }).generationConfig?.thinkingConfig);
  assert.deepStrictEqual(thinking("gemini-3-pro-preview", { effort: "medium" }), {
    thinkingLevel: "HIGH",
  });
  assert.deepStrictEqual(thinking("gemini-3-flash-preview", { effort: "minimal" }), {
    thinkingLevel: "MINIMAL",
  });
  assert.deepStrictEqual(thinking("gemini-2.5-flash", { mode: "disabled", effort: "none" }), {
    thinkingBudget: 0,
  });
  assert.deepStrictEqual(thinking("gemini-2.5-pro", { mode: "disabled" }), { thinkingBudget: 128 });
  assert.deepStrictEqual(thinking("gemini-2.5-flash", { mode: "enabled", budgetTokens: 99999 }), {
    thinkingBudget: 24576,
  });
  assert.deepStrictEqual(thinking("gemini-2.5-flash", { mode: "adaptive" }), {
    thinkingBudget: -1,
  });
  assert.equal(thinking("gemini-2.5-flash", undefined), undefined);
});

Deno.test("encodeGeminiRequest returns Gemini extensions only to Gemini clients", () => {
  const ir = request({
    tools: [{ name: "f", inputSchema: { type: "object", properties: { a: { type: "string" } } } }],
    extensions: {
      gemini: {
        safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
        tools: [{ googleSearch: {} }],
        generationConfig: { seed: 7 },
      },
    },
  });
  const same = geminiAdapter.encodeRequest(ir, adapterContext({ clientProtocol: "gemini" })).value
    .body as Record<string, unknown>;
  assert.deepStrictEqual(same.safetySettings, [{
    category: "HARM_CATEGORY_HARASSMENT",
    threshold: "BLOCK_NONE",
  }]);
  assert.deepStrictEqual((same.tools as unknown[])[1], { googleSearch: {} });
  assert.deepStrictEqual(same.generationConfig, { seed: 7 });
  const other = geminiAdapter.encodeRequest(ir, adapterContext({ clientProtocol: "openai" })).value
    .body as Record<string, unknown>;
  assert.equal("safetySettings" in other, false);
  assert.equal((other.tools as unknown[]).length, 1);
});

Deno.test("encodeGeminiRequest rejects a tool result whose function name cannot be found", () => {
  const ir = request({
    messages: [{ role: "user", content: [{ type: "tool_result", callId: "nope", content: [] }] }],
  });
  assert.throws(
    () => geminiAdapter.encodeRequest(ir, adapterContext()).value,
    /needs the function name/,
  );
});
