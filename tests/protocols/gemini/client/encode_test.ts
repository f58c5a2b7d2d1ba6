import { openArtifact } from "../../../../lib/ir/artifacts.ts";
import assert from "node:assert/strict";
import { geminiEntry } from "../../../../lib/protocols/gemini/client/mod.ts";
import { geminiAdapter } from "../../../../lib/protocols/gemini/upstream/mod.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import type { IrStreamEvent } from "../../../../lib/ir/events.ts";
import type { IrResponse } from "../../../../lib/ir/response.ts";
import { responseToEvents } from "../../../../lib/ir/replay.ts";
import { byteChunks } from "../../../../lib/streaming/chunks.ts";
import { decodeSse } from "../../../../lib/streaming/sse_decode.ts";
import { adapterContext, fixture } from "../upstream/_context.ts";
import { decode, entryContext, requestInfo } from "./_context.ts";

const anthropic = { protocol: "anthropic" as const, provider: "claude", model: "claude-x" };

const RESPONSE: IrResponse = {
  id: "msg_1",
  model: "claude-x",
  content: [
    { type: "thinking", text: "think", signature: "sig-a", origin: anthropic },
    { type: "thinking", text: "unsigned musing" },
    { type: "redacted_thinking", data: "opaque", origin: anthropic },
    { type: "text", text: "Calling." },
    { type: "tool_call", id: "toolu_9", name: "lookup", input: { q: "x" } },
  ],
  stop: { reason: "tool_use", raw: "tool_use" },
  usage: {
    inputTokens: 100,
    outputTokens: 30,
    cacheReadTokens: 60,
    cacheWriteTokens: 10,
    reasoningTokens: 5,
  },
};

const BODY = { contents: [{ parts: [{ text: "hi" }] }] };

Deno.test("encodeGeminiResponse writes parts, finishReason and usage, sealing foreign signatures", () => {
  const decoded = decode(BODY, requestInfo("gemini-pro", "generateContent"));
  const out = geminiEntry.encodeResponse(RESPONSE, entryContext(decoded)) as Record<
    string,
    unknown
  >;
  const parts =
    (out.candidates as { content: { parts: Record<string, unknown>[] } }[])[0].content.parts;
  assert.equal(parts.length, 3);
  assert.equal(parts[0].thought, true);
  assert.equal(parts[0].text, "think");
  assert.match(parts[0].thoughtSignature as string, /^ZmVycnkx[A-Za-z0-9+/]*={0,2}$/);
  assert.equal(openArtifact(parts[0].thoughtSignature as string, "gemini").artifact, "sig-a");
  assert.deepStrictEqual(parts[1], { text: "Calling." });
  assert.deepStrictEqual(parts[2], {
    functionCall: { id: "toolu_9", name: "lookup", args: { q: "x" } },
  });
  assert.deepStrictEqual(out, {
    candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
    usageMetadata: {
      promptTokenCount: 100,
      candidatesTokenCount: 25,
      totalTokenCount: 130,
      cachedContentTokenCount: 60,
      thoughtsTokenCount: 5,
    },
    modelVersion: "gemini-pro",
    responseId: "resp_test",
  });
});

Deno.test("encodeGeminiResponse shows unsigned thoughts only when the client asked", () => {
  const decoded = decode({
    ...BODY,
    generationConfig: { thinkingConfig: { includeThoughts: true } },
  }, requestInfo("g", "generateContent"));
  const out = geminiEntry.encodeResponse(RESPONSE, entryContext(decoded)) as {
    candidates: { content: { parts: Record<string, unknown>[] } }[];
  };
  assert.deepStrictEqual(out.candidates[0].content.parts[1], {
    text: "unsigned musing",
    thought: true,
  });
});

Deno.test("encodeGeminiResponse maps stop reasons, keeping a Gemini upstream's raw value", () => {
  const decoded = decode(BODY);
  const finish = (stop: IrResponse["stop"], upstream: "gemini" | "openai") =>
    (geminiEntry.encodeResponse(
      { ...RESPONSE, content: [], stop },
      entryContext(decoded, { upstreamProtocol: upstream }),
    ) as { candidates: { finishReason: string }[] }).candidates[0].finishReason;
  assert.equal(finish({ reason: "max_tokens", raw: "length" }, "openai"), "MAX_TOKENS");
  assert.equal(finish({ reason: "refusal", raw: "content_filter" }, "openai"), "SAFETY");
  assert.equal(finish({ reason: "refusal", raw: "RECITATION" }, "gemini"), "RECITATION");
  assert.equal(finish({ reason: "stop_sequence" }, "openai"), "STOP");
  assert.equal(finish({ reason: "error", raw: "weird" }, "openai"), "OTHER");
});

Deno.test("encodeGeminiError writes Gemini's envelope with retry-after", () => {
  const local = geminiEntry.encodeError(
    new GatewayError({ status: 429, kind: "rate_limit", message: "slow down", retryAfter: "7" }),
  );
  assert.deepStrictEqual(local, {
    status: 429,
    body: { error: { code: 429, message: "slow down", status: "RESOURCE_EXHAUSTED" } },
    headers: { "retry-after": "7" },
  });
  const upstream = geminiEntry.encodeError(
    new GatewayError({
      status: 400,
      kind: "invalid_request",
      message: "bad",
      upstreamType: "FAILED_PRECONDITION",
      upstreamProtocol: "gemini",
    }),
  );
  assert.equal(
    (upstream.body as { error: { status: string } }).error.status,
    "FAILED_PRECONDITION",
  );
  const foreign = geminiEntry.encodeError(
    new GatewayError({
      status: 529,
      kind: "overloaded",
      message: "busy",
      upstreamType: "overloaded_error",
      upstreamProtocol: "anthropic",
    }),
  );
  assert.equal((foreign.body as { error: { status: string } }).error.status, "UNAVAILABLE");
});

async function streamText(
  events: Iterable<IrStreamEvent> | AsyncIterable<IrStreamEvent>,
  query = "?alt=sse",
) {
  const decoded = decode(BODY, requestInfo("gemini-x", "streamGenerateContent", query));
  const source = (async function* () {
    yield* events;
  })();
  const encoded = geminiEntry.encodeStream(source, entryContext(decoded));
  let text = "";
  for await (const chunk of encoded.chunks) text += chunk;
  return { contentType: encoded.contentType, text };
}

function sseData(text: string): Record<string, unknown>[] {
  return text.split("\n\n").filter((f) => f.startsWith("data: ")).map((f) =>
    JSON.parse(f.slice(6))
  );
}

Deno.test("encodeGeminiStream sends new parts per frame and finishes with content, reason and usage", async () => {
  const { contentType, text } = await streamText(responseToEvents(RESPONSE, 4));
  assert.equal(contentType, "text/event-stream");
  assert.ok(!text.includes("[DONE]"));
  const frames = sseData(text);
  const parts = frames.flatMap((f) =>
    (f.candidates as { content: { parts: unknown[] } }[])[0].content.parts
  );
  assert.deepStrictEqual(parts.slice(1), [
    { text: "Call" },
    { text: "ing." },
    { functionCall: { id: "toolu_9", name: "lookup", args: { q: "x" } } },
  ]);
  const signature = (parts[0] as { thoughtSignature: string }).thoughtSignature;
  assert.equal(openArtifact(signature, "gemini").artifact, "sig-a");
  assert.equal((parts[0] as { text: string }).text, "think");
  const last = frames.at(-1)!;
  assert.deepStrictEqual((last.candidates as { content: unknown }[])[0].content, {
    role: "model",
    parts: [{ functionCall: { id: "toolu_9", name: "lookup", args: { q: "x" } } }],
  });
  assert.equal((last.candidates as { finishReason: string }[])[0].finishReason, "STOP");
  assert.equal((last.usageMetadata as { promptTokenCount: number }).promptTokenCount, 100);
  for (const frame of frames.slice(0, -1)) {
    assert.equal((frame.candidates as { finishReason?: string }[])[0].finishReason, undefined);
  }
});

Deno.test("encodeGeminiStream without alt=sse streams one JSON array", async () => {
  const { contentType, text } = await streamText(responseToEvents(RESPONSE, 4), "");
  assert.equal(contentType, "application/json");
  const array = JSON.parse(text) as Record<string, unknown>[];
  assert.equal(array.length, 4);
  assert.equal((array[3].candidates as { finishReason: string }[])[0].finishReason, "STOP");
});

Deno.test("encodeGeminiStream ends a failed stream with an error element", async () => {
  const error = new GatewayError({ status: 503, kind: "upstream_unavailable", message: "gone" });
  const events: IrStreamEvent[] = [
    { type: "message_start", id: "m", model: "x" },
    { type: "block_start", index: 0, block: { type: "text" } },
    { type: "text_delta", index: 0, text: "par" },
    { type: "error", error },
  ];
  const sse = sseData((await streamText(events)).text);
  assert.deepStrictEqual(sse.at(-1), {
    error: { code: 503, message: "gone", status: "UNAVAILABLE" },
  });
  assert.deepStrictEqual((sse[0].candidates as { content: unknown }[])[0].content, {
    role: "model",
    parts: [{ text: "par" }],
  });
  const array = JSON.parse((await streamText(events, "")).text) as unknown[];
  assert.deepStrictEqual(array.at(-1), {
    error: { code: 503, message: "gone", status: "UNAVAILABLE" },
  });
  // A stream that simply stops is a failure too, never a clean finish.
  const cut = sseData((await streamText(events.slice(0, 3))).text);
  assert.equal((cut.at(-1) as { error: { code: number } }).error.code, 502);
});

Deno.test("thoughtSignature survives Gemini upstream → IR → Gemini client on the same parts", async () => {
  const ctx = adapterContext({ model: "gemini-3-flash-preview", clientProtocol: "gemini" });
  const upstream = geminiAdapter.decodeStream(
    decodeSse(ReadableStream.from(byteChunks(fixture("tool_stream.sse"), 11))),
    ctx,
  );
  const { text } = await streamText(upstream);
  const parts = sseData(text).flatMap((f) =>
    (f.candidates as { content: { parts: Record<string, unknown>[] } }[])[0].content.parts
  );
  const calls = parts.filter((p) => p.functionCall);
  assert.deepStrictEqual(calls, [
    {
      functionCall: { id: "call_1", name: "get_weather", args: { city: "Paris", units: "c" } },
      thoughtSignature: "CiQBcsjafGQ0c2lnLTE=",
    },
    { functionCall: { id: "call_2", name: "get_weather", args: { city: "Oslo" } } },
  ]);
  // The client replays the turn; the signature goes back to Gemini on the same part, byte-exact.
  const replay = decode({
    contents: [
      { role: "user", parts: [{ text: "weather?" }] },
      { role: "model", parts },
      {
        role: "user",
        parts: [
          { functionResponse: { id: "call_1", name: "get_weather", response: { output: "9C" } } },
          { functionResponse: { id: "call_2", name: "get_weather", response: { output: "2C" } } },
        ],
      },
    ],
  });
  const body = geminiAdapter.encodeRequest(
    { ...replay.ir, model: "gemini-3-flash-preview" },
    ctx,
  ).value.body as { contents: { parts: Record<string, unknown>[] }[] };
  assert.deepStrictEqual(
    body.contents[1].parts.filter((p) => p.functionCall),
    calls,
  );
});

Deno.test("encodeGeminiModelList lists models under models/ names", async () => {
  const { encodeGeminiModelList } = await import("../../../../lib/protocols/gemini/client/mod.ts");
  assert.deepStrictEqual(
    encodeGeminiModelList(["gemini-2.5-flash", "models/claude-x"]).models.map((
      m,
    ) => [m.name, m.displayName]),
    [
      ["models/gemini-2.5-flash", "gemini-2.5-flash"],
      ["models/claude-x", "claude-x"],
    ],
  );
});
