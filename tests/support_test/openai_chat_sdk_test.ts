/**
 * The mock's Chat Completions wire, judged by the official `openai` SDK (create, stream helper,
 * raw stream iteration).
 */
import assert from "node:assert/strict";
import OpenAI, { APIError } from "openai";
import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { MOCK } from "../support/mock_upstream/mod.ts";
import { timeSchema, weatherSchema, withMock } from "./with_mock.ts";

const client = (url: string) =>
  new OpenAI({ apiKey: "dummy", baseURL: `${url}/v1`, maxRetries: 0 });

const tools = [
  { type: "function" as const, function: { name: "get_weather", parameters: weatherSchema } },
  { type: "function" as const, function: { name: "get_time", parameters: timeSchema } },
];

function params(text: string, extra: Partial<ChatCompletionCreateParamsNonStreaming> = {}) {
  return { model: "gpt-mock", messages: [{ role: "user" as const, content: text }], ...extra };
}

/** Streams with the SDK helper, returning the content deltas and the final completion. */
async function streamed(openai: OpenAI, body: ChatCompletionCreateParamsNonStreaming) {
  const stream = openai.chat.completions.stream({
    ...body,
    stream: true,
    stream_options: { include_usage: true },
  });
  const deltas: string[] = [];
  stream.on("content", (delta) => deltas.push(delta));
  const final = await stream.finalChatCompletion();
  return { deltas, final };
}

Deno.test("openai SDK reads the mock's chat text answer, whole and streamed", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    const whole = await openai.chat.completions.create(params("hi SCENARIO:text"));
    assert.equal(whole.choices[0].message.content, "Hello from mock openai!");
    assert.equal(whole.choices[0].finish_reason, "stop");
    const { deltas, final } = await streamed(openai, params("hi SCENARIO:text"));
    assert.ok(deltas.length >= 3, `expected several deltas, got ${deltas.length}`);
    assert.equal(deltas.join(""), "Hello from mock openai!");
    assert.equal(final.choices[0].message.content, "Hello from mock openai!");
    assert.equal(final.choices[0].finish_reason, "stop");
    assert.equal(final.usage?.prompt_tokens, MOCK.defaultUsage.input);
    const plain = await openai.chat.completions.create(params("Reply with one word: pong"));
    assert.equal(plain.choices[0].message.content, "pong");
    assert.equal(mock.requests.at(-1)?.protocol, "openai");
  });
});

Deno.test("openai SDK assembles the mock's chat tool call and parallel calls", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    const whole = await openai.chat.completions.create(params("SCENARIO:tool", { tools }));
    const call = whole.choices[0].message.tool_calls?.[0];
    assert.equal(whole.choices[0].finish_reason, "tool_calls");
    assert.equal(call?.id, "call_mock_1");
    assert.ok(call?.type === "function");
    assert.equal(call.function.name, "get_weather");
    assert.deepEqual(JSON.parse(call.function.arguments), { city: "Paris" });
    const { final } = await streamed(openai, params("SCENARIO:parallel", { tools }));
    const calls = final.choices[0].message.tool_calls ?? [];
    assert.equal(final.choices[0].finish_reason, "tool_calls");
    assert.deepEqual(
      calls.map((c) =>
        c.type === "function" && [c.id, c.function.name, JSON.parse(c.function.arguments)]
      ),
      [["call_mock_1", "get_weather", { city: "Paris" }], ["call_mock_2", "get_time", {
        city: "London",
      }]],
    );
  });
});

Deno.test("openai SDK sees the mock's chat reasoning_content before the answer", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    const whole = await openai.chat.completions.create(params("SCENARIO:reasoning"));
    const message = whole.choices[0].message as unknown as Record<string, unknown>;
    assert.equal(message.reasoning_content, MOCK.reasoningText);
    assert.equal(message.content, MOCK.reasoningAnswer);
    const raw = await openai.chat.completions.create({
      ...params("SCENARIO:reasoning"),
      stream: true,
    });
    let reasoning = "";
    let text = "";
    for await (const chunk of raw) {
      const delta = chunk.choices[0]?.delta as Record<string, unknown> | undefined;
      if (typeof delta?.reasoning_content === "string") reasoning += delta.reasoning_content;
      if (typeof delta?.content === "string") text += delta.content;
    }
    assert.equal(reasoning, MOCK.reasoningText);
    assert.equal(text, MOCK.reasoningAnswer);
  });
});

Deno.test("openai SDK reads the mock's chat usage with cached tokens inside prompt_tokens", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    const whole = await openai.chat.completions.create(params("SCENARIO:usage"));
    const { final } = await streamed(openai, params("SCENARIO:usage"));
    for (const usage of [whole.usage, final.usage]) {
      assert.equal(usage?.prompt_tokens, 130);
      assert.equal(usage?.prompt_tokens_details?.cached_tokens, 100);
      assert.equal(usage?.prompt_tokens_details?.cache_write_tokens, 20);
      assert.equal(usage?.completion_tokens, 9);
      assert.equal(usage?.total_tokens, 139);
    }
  });
});

Deno.test("openai SDK throws the mock's chat 400 with its message", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    await assert.rejects(openai.chat.completions.create(params("SCENARIO:error400")), (e) => {
      assert.ok(e instanceof APIError);
      assert.equal(e.status, 400);
      assert.match(e.message, /mock says the request is bad/);
      assert.equal(e.type, "invalid_request_error");
      return true;
    });
  });
});

Deno.test("openai SDK chat stream rejects when the mock breaks the connection", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    const stream = openai.chat.completions.stream({
      ...params("SCENARIO:midstream"),
      stream: true,
    });
    const deltas: string[] = [];
    stream.on("content", (delta) => deltas.push(delta));
    await assert.rejects(stream.finalChatCompletion());
    assert.ok(deltas.length >= 1, "some text arrived before the break");
  });
});

Deno.test("openai SDK reads the mock's chat stop-sequence and length finishes", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    const stop = await openai.chat.completions.create(params("SCENARIO:stop", { stop: ["three"] }));
    assert.equal(stop.choices[0].finish_reason, "stop");
    assert.equal(stop.choices[0].message.content, MOCK.stopText);
    const { final } = await streamed(openai, params("SCENARIO:length", { max_tokens: 5 }));
    assert.equal(final.choices[0].finish_reason, "length");
    assert.equal(final.usage?.completion_tokens, 5);
  });
});
