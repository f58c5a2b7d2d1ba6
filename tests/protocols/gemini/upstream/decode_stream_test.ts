import assert from "node:assert/strict";
import { geminiAdapter } from "../../../../lib/protocols/gemini/upstream/mod.ts";
import { collect } from "../../../../lib/ir/collect.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import type { IrResponse } from "../../../../lib/ir/response.ts";
import { byteChunks } from "../../../../lib/streaming/chunks.ts";
import { decodeSse } from "../../../../lib/streaming/sse_decode.ts";
import { adapterContext, fixture } from "./_context.ts";

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GatewayError);
    return error;
  }
  assert.fail("expected a rejection");
}

const SIZES = [1, 3, 7, 64, 1 << 20];

function decodeFixtureStream(name: string, size: number, model?: string): Promise<IrResponse> {
  const messages = decodeSse(ReadableStream.from(byteChunks(fixture(name), size)));
  return collect(geminiAdapter.decodeStream(messages, adapterContext({ model })));
}

function decodeFixtureBody(name: string, model?: string): IrResponse {
  return geminiAdapter.decodeResponse(JSON.parse(fixture(name)), adapterContext({ model }));
}

const PAIRS: [string, string, string][] = [
  ["text_stream.sse", "text_response.json", "gemini-2.5-flash"],
  ["text_stream_crlf.sse", "text_response.json", "gemini-2.5-flash"],
  ["tool_stream.sse", "tool_response.json", "gemini-3-flash-preview"],
  ["signed_text_stream.sse", "signed_text_response.json", "gemini-3-pro-preview"],
];

for (const [stream, body, model] of PAIRS) {
  Deno.test(`decodeGeminiStream of ${stream} collects to decodeGeminiResponse of ${body}`, async () => {
    const expected = decodeFixtureBody(body, model);
    for (const size of SIZES) {
      assert.deepStrictEqual(
        await decodeFixtureStream(stream, size, model),
        expected,
        `chunk size ${size}`,
      );
    }
  });
}

Deno.test("decodeGeminiResponse maps text, usage with cached and thought tokens", () => {
  const response = decodeFixtureBody("text_response.json");
  assert.deepStrictEqual(response, {
    id: "x0ZfaP2dL8nW7M8Pxr6ZqAs",
    model: "gemini-2.5-flash",
    content: [{
      type: "text",
      text: "Hello, wörld! ✨ Bye.",
      origin: { protocol: "gemini", provider: "google", model: "gemini-2.5-flash" },
    }],
    stop: { reason: "end_turn", raw: "STOP" },
    usage: {
      inputTokens: 12,
      outputTokens: 28,
      cacheReadTokens: 4,
      cacheWriteTokens: 0,
      reasoningTokens: 21,
    },
  });
});

Deno.test("decodeGeminiStream turns thoughts, text and whole function calls into blocks", async () => {
  const origin = { protocol: "gemini", provider: "google", model: "gemini-3-flash-preview" };
  const response = await decodeFixtureStream("tool_stream.sse", 5, "gemini-3-flash-preview");
  assert.deepStrictEqual(response.content, [
    {
      type: "thinking",
      text: "**Planning the lookup**\n\nThe user wants the weather in two cities.",
      origin,
    },
    { type: "text", text: "Checking both.", origin },
    {
      type: "tool_call",
      id: "call_1",
      name: "get_weather",
      input: { city: "Paris", units: "c" },
      thoughtSignature: "CiQBcsjafGQ0c2lnLTE=",
      origin,
    },
    { type: "tool_call", id: "call_2", name: "get_weather", input: { city: "Oslo" } },
  ]);
  assert.deepStrictEqual(response.stop, { reason: "tool_use", raw: "STOP" });
  assert.deepStrictEqual(response.usage.outputTokens, 92);
  assert.deepStrictEqual(response.usage.reasoningTokens, 62);
});

Deno.test("decodeGeminiStream keeps a trailing text signature on the text block", async () => {
  const response = await decodeFixtureStream("signed_text_stream.sse", 2, "gemini-3-pro-preview");
  assert.deepStrictEqual(response.content, [{
    type: "text",
    text: "The answer is 42.",
    thoughtSignature: "EpAECo0EAXLI2nzTextSig",
    origin: { protocol: "gemini", provider: "google", model: "gemini-3-pro-preview" },
  }]);
});

Deno.test("decodeGeminiStream fails a stream whose last frame has no finishReason", async () => {
  const error = await rejection(decodeFixtureStream("no_finish_stream.sse", 4));
  assert.deepStrictEqual(error.status, 502);
  assert.deepStrictEqual(error.message, "Gemini stream ended without a finishReason");
});

Deno.test("decodeGeminiStream turns an error frame into the upstream's error", async () => {
  const error = await rejection(decodeFixtureStream("error_stream.sse", 9));
  assert.deepStrictEqual(error.status, 503);
  assert.deepStrictEqual(error.kind, "upstream_unavailable");
  assert.deepStrictEqual(error.upstreamType, "UNAVAILABLE");
  assert.deepStrictEqual(error.message, "The model is overloaded. Please try again later.");
});

Deno.test("decodeGeminiResponse maps RECITATION and a blocked prompt to refusal", () => {
  assert.deepStrictEqual(decodeFixtureBody("safety_response.json").stop, {
    reason: "refusal",
    raw: "RECITATION",
  });
  const blocked = decodeFixtureBody("blocked_prompt_response.json");
  assert.deepStrictEqual(blocked.stop, { reason: "refusal", raw: "PROHIBITED_CONTENT" });
  assert.deepStrictEqual(blocked.content, []);
  assert.deepStrictEqual(blocked.usage.inputTokens, 9);
});

Deno.test("decodeGeminiResponse maps MALFORMED_FUNCTION_CALL and MAX_TOKENS", () => {
  const body = (finishReason: string) => ({
    candidates: [{ content: { role: "model", parts: [{ text: "x" }] }, finishReason }],
  });
  const ctx = adapterContext();
  assert.deepStrictEqual(geminiAdapter.decodeResponse(body("MALFORMED_FUNCTION_CALL"), ctx).stop, {
    reason: "error",
    raw: "MALFORMED_FUNCTION_CALL",
  });
  assert.deepStrictEqual(
    geminiAdapter.decodeResponse(body("MAX_TOKENS"), ctx).stop.reason,
    "max_tokens",
  );
  assert.deepStrictEqual(geminiAdapter.decodeResponse(body("SPII"), ctx).stop.reason, "refusal");
  assert.deepStrictEqual(geminiAdapter.decodeResponse(body("OTHER"), ctx).stop.reason, "error");
});

Deno.test("decodeGeminiResponse rejects a body that is not an object", () => {
  assert.throws(() => geminiAdapter.decodeResponse([1], adapterContext()), GatewayError);
});
