/**
 * The mock's Gemini wire, judged by the official `@google/genai` SDK (`models.generateContent`
 * and `models.generateContentStream`, which uses `:streamGenerateContent?alt=sse`).
 */
import assert from "node:assert/strict";
import {
  ApiError,
  type GenerateContentConfig,
  type GenerateContentResponse,
  GoogleGenAI,
} from "@google/genai";
import { MOCK } from "../support/mock_upstream/mod.ts";
import { timeSchema, weatherSchema, withMock } from "./with_mock.ts";

const client = (url: string) =>
  new GoogleGenAI({ apiKey: "dummy", httpOptions: { baseUrl: url, apiVersion: "v1beta" } });

const tools = [{
  functionDeclarations: [
    { name: "get_weather", parametersJsonSchema: weatherSchema },
    { name: "get_time", parametersJsonSchema: timeSchema },
  ],
}];

function params(text: string, config: GenerateContentConfig = {}) {
  return { model: "gemini-mock", contents: [{ role: "user", parts: [{ text }] }], config };
}

async function streamed(genai: GoogleGenAI, body: ReturnType<typeof params>) {
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of await genai.models.generateContentStream(body)) chunks.push(chunk);
  return chunks;
}

Deno.test("genai SDK reads the mock's Gemini text, whole and streamed", async () => {
  await withMock(async (mock) => {
    const genai = client(mock.url);
    const whole = await genai.models.generateContent(params("SCENARIO:text"));
    assert.equal(whole.text, "Hello from mock gemini!");
    assert.equal(whole.candidates?.[0].finishReason, "STOP");
    const chunks = await streamed(genai, params("SCENARIO:text"));
    assert.ok(chunks.length >= 3);
    assert.equal(chunks.map((c) => c.text ?? "").join(""), "Hello from mock gemini!");
    assert.equal(chunks.at(-1)?.candidates?.[0].finishReason, "STOP");
    assert.equal(chunks.at(-1)?.usageMetadata?.promptTokenCount, MOCK.defaultUsage.input);
    const last = mock.requests.at(-1);
    assert.equal(last?.protocol, "gemini");
    assert.equal(last?.path, "/v1beta/models/gemini-mock:streamGenerateContent");
    assert.equal(last?.search, "?alt=sse");
  });
});

Deno.test("genai SDK reads the mock's function calls, with and without ids", async () => {
  await withMock(async (mock) => {
    const genai = client(mock.url);
    const whole = await genai.models.generateContent(params("SCENARIO:tool", { tools }));
    assert.deepEqual(whole.functionCalls, [{
      id: "mock-call-1",
      name: "get_weather",
      args: { city: "Paris" },
    }]);
    assert.equal(whole.candidates?.[0].finishReason, "STOP");
    const chunks = await streamed(genai, params("SCENARIO:parallel", { tools }));
    assert.deepEqual(chunks.flatMap((c) => c.functionCalls ?? []), [
      { id: "mock-call-1", name: "get_weather", args: { city: "Paris" } },
      { id: "mock-call-2", name: "get_time", args: { city: "London" } },
    ]);
    const noId = await genai.models.generateContent(params("SCENARIO:tool_noid", { tools }));
    assert.deepEqual(noId.functionCalls, [{ name: "get_weather", args: { city: "Paris" } }]);
  });
});

Deno.test("genai SDK sees the mock's thought parts and thoughtSignature", async () => {
  await withMock(async (mock) => {
    const genai = client(mock.url);
    const whole = await genai.models.generateContent(params("SCENARIO:reasoning"));
    const parts = whole.candidates?.[0].content?.parts ?? [];
    assert.deepEqual(parts, [
      { text: MOCK.reasoningText, thought: true },
      { text: MOCK.reasoningAnswer, thoughtSignature: MOCK.signature },
    ]);
    assert.equal(whole.text, MOCK.reasoningAnswer);
    const chunks = await streamed(genai, params("SCENARIO:reasoning"));
    const streamedParts = chunks.flatMap((c) => c.candidates?.[0].content?.parts ?? []);
    const thought = streamedParts.filter((p) => p.thought).map((p) => p.text).join("");
    assert.equal(thought, MOCK.reasoningText);
    assert.equal(streamedParts.filter((p) => p.thoughtSignature).length, 1);
    assert.equal(chunks.at(-1)?.usageMetadata?.thoughtsTokenCount, 6);
  });
});

Deno.test("genai SDK reads the mock's usageMetadata with cached tokens inside the prompt", async () => {
  await withMock(async (mock) => {
    const genai = client(mock.url);
    const whole = await genai.models.generateContent(params("SCENARIO:usage"));
    const chunks = await streamed(genai, params("SCENARIO:usage"));
    assert.equal(chunks.slice(0, -1).some((c) => c.usageMetadata), false);
    for (const usage of [whole.usageMetadata, chunks.at(-1)?.usageMetadata]) {
      assert.equal(usage?.promptTokenCount, 130);
      assert.equal(usage?.cachedContentTokenCount, 100);
      assert.equal(usage?.candidatesTokenCount, 9);
      assert.equal(usage?.totalTokenCount, 139);
    }
  });
});

Deno.test("genai SDK throws the mock's Gemini 400 with its message", async () => {
  await withMock(async (mock) => {
    const genai = client(mock.url);
    for (
      const attempt of [
        genai.models.generateContent(params("SCENARIO:error400")),
        streamed(genai, params("SCENARIO:error400")),
      ]
    ) {
      await assert.rejects(attempt, (e) => {
        assert.ok(e instanceof ApiError);
        assert.equal(e.status, 400);
        assert.match(e.message, /mock says the request is bad/);
        assert.match(e.message, /INVALID_ARGUMENT/);
        return true;
      });
    }
  });
});

Deno.test("genai SDK stream rejects when the mock breaks the connection", async () => {
  await withMock(async (mock) => {
    const genai = client(mock.url);
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (
        const chunk of await genai.models.generateContentStream(params("SCENARIO:midstream"))
      ) {
        seen.push(chunk.text ?? "");
      }
    });
    assert.ok(seen.length >= 1, "some text arrived before the break");
  });
});

Deno.test("genai SDK reads the mock's stop-sequence STOP and MAX_TOKENS", async () => {
  await withMock(async (mock) => {
    const genai = client(mock.url);
    const stop = await genai.models.generateContent(
      params("SCENARIO:stop", { stopSequences: ["three"] }),
    );
    assert.equal(stop.candidates?.[0].finishReason, "STOP");
    assert.equal(stop.text, MOCK.stopText);
    const chunks = await streamed(genai, params("SCENARIO:length", { maxOutputTokens: 5 }));
    assert.equal(chunks.at(-1)?.candidates?.[0].finishReason, "MAX_TOKENS");
    assert.equal(chunks.at(-1)?.usageMetadata?.candidatesTokenCount, 5);
    assert.equal(chunks.map((c) => c.text ?? "").join(""), MOCK.lengthText);
  });
});
