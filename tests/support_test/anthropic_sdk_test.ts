/**
 * The mock's Anthropic Messages wire, judged by the official `@anthropic-ai/sdk`
 * (`messages.create` and `messages.stream().finalMessage()`).
 */
import assert from "node:assert/strict";
import Anthropic, { APIError } from "@anthropic-ai/sdk";
import type { MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages";
import { MOCK } from "../support/mock_upstream/mod.ts";
import { timeSchema, weatherSchema, withMock } from "./with_mock.ts";

const client = (url: string) => new Anthropic({ apiKey: "dummy", baseURL: url, maxRetries: 0 });

const tools = [
  {
    name: "get_weather",
    description: "Weather",
    input_schema: weatherSchema as Anthropic.Tool.InputSchema,
  },
  { name: "get_time", description: "Time", input_schema: timeSchema as Anthropic.Tool.InputSchema },
];

function params(text: string, extra: Partial<MessageCreateParamsNonStreaming> = {}) {
  return {
    model: "claude-mock",
    max_tokens: 1024,
    messages: [{ role: "user" as const, content: text }],
    ...extra,
  };
}

async function streamed(anthropic: Anthropic, body: MessageCreateParamsNonStreaming) {
  const stream = anthropic.messages.stream(body);
  const deltas: string[] = [];
  stream.on("text", (delta) => deltas.push(delta));
  const final = await stream.finalMessage();
  return { deltas, final };
}

Deno.test("anthropic SDK reads the mock's text message, whole and streamed", async () => {
  await withMock(async (mock) => {
    const anthropic = client(mock.url);
    const whole = await anthropic.messages.create(params("SCENARIO:text"));
    assert.deepEqual(whole.content.map((b) => b.type === "text" && b.text), [
      "Hello from mock anthropic!",
    ]);
    assert.equal(whole.stop_reason, "end_turn");
    const { deltas, final } = await streamed(anthropic, params("SCENARIO:text"));
    assert.ok(deltas.length >= 3);
    assert.equal(deltas.join(""), "Hello from mock anthropic!");
    assert.deepEqual(final.content, whole.content);
    assert.equal(final.stop_reason, "end_turn");
    assert.equal(final.usage.output_tokens, MOCK.defaultUsage.output);
    assert.equal(mock.requests.at(-1)?.protocol, "anthropic");
    assert.equal(mock.requests.at(-1)?.path, "/v1/messages");
  });
});

Deno.test("anthropic SDK parses the mock's tool_use blocks and streamed input_json", async () => {
  await withMock(async (mock) => {
    const anthropic = client(mock.url);
    const whole = await anthropic.messages.create(params("SCENARIO:tool", { tools }));
    assert.equal(whole.stop_reason, "tool_use");
    assert.deepEqual(whole.content, [
      { type: "tool_use", id: "toolu_mock_1", name: "get_weather", input: { city: "Paris" } },
    ]);
    const { final } = await streamed(anthropic, params("SCENARIO:parallel", { tools }));
    assert.equal(final.stop_reason, "tool_use");
    assert.deepEqual(final.content.map((b) => b.type === "tool_use" && [b.id, b.name, b.input]), [
      ["toolu_mock_1", "get_weather", { city: "Paris" }],
      ["toolu_mock_2", "get_time", { city: "London" }],
    ]);
  });
});

Deno.test("anthropic SDK keeps the mock's thinking text and signature", async () => {
  await withMock(async (mock) => {
    const anthropic = client(mock.url);
    const whole = await anthropic.messages.create(params("SCENARIO:reasoning"));
    const { final } = await streamed(anthropic, params("SCENARIO:reasoning"));
    for (const message of [whole, final]) {
      const [thinking, text] = message.content;
      assert.ok(thinking.type === "thinking");
      assert.equal(thinking.thinking, MOCK.reasoningText);
      assert.equal(thinking.signature, MOCK.signature);
      assert.ok(text.type === "text");
      assert.equal(text.text, MOCK.reasoningAnswer);
    }
  });
});

Deno.test("anthropic SDK reads the mock's usage with input_tokens excluding cache", async () => {
  await withMock(async (mock) => {
    const anthropic = client(mock.url);
    const whole = await anthropic.messages.create(params("SCENARIO:usage"));
    const { final } = await streamed(anthropic, params("SCENARIO:usage"));
    for (const usage of [whole.usage, final.usage]) {
      assert.equal(usage.input_tokens, 10);
      assert.equal(usage.cache_read_input_tokens, 100);
      assert.equal(usage.cache_creation_input_tokens, 20);
      assert.equal(usage.output_tokens, 9);
    }
  });
});

Deno.test("anthropic SDK throws the mock's 400 with its message and error type", async () => {
  await withMock(async (mock) => {
    const anthropic = client(mock.url);
    for (
      const attempt of [
        anthropic.messages.create(params("SCENARIO:error400")),
        streamed(anthropic, params("SCENARIO:error400")),
      ]
    ) {
      await assert.rejects(attempt, (e) => {
        assert.ok(e instanceof APIError);
        assert.equal(e.status, 400);
        assert.match(e.message, /mock says the request is bad/);
        assert.equal(
          (e.error as { error?: { type?: string } }).error?.type,
          "invalid_request_error",
        );
        return true;
      });
    }
  });
});

Deno.test("anthropic SDK stream rejects when the mock breaks the connection", async () => {
  await withMock(async (mock) => {
    const anthropic = client(mock.url);
    const stream = anthropic.messages.stream(params("SCENARIO:midstream"));
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    stream.on("error", () => {});
    await assert.rejects(stream.finalMessage());
    assert.ok(deltas.length >= 1, "some text arrived before the break");
  });
});

Deno.test("anthropic SDK reads the mock's stop_sequence and max_tokens stops", async () => {
  await withMock(async (mock) => {
    const anthropic = client(mock.url);
    const stop = await anthropic.messages.create(
      params("SCENARIO:stop", { stop_sequences: ["three"] }),
    );
    assert.equal(stop.stop_reason, "stop_sequence");
    assert.equal(stop.stop_sequence, "three");
    const streamedStop = await streamed(
      anthropic,
      params("SCENARIO:stop", { stop_sequences: ["three"] }),
    );
    assert.equal(streamedStop.final.stop_reason, "stop_sequence");
    assert.equal(streamedStop.final.stop_sequence, "three");
    const { final } = await streamed(anthropic, params("SCENARIO:length", { max_tokens: 5 }));
    assert.equal(final.stop_reason, "max_tokens");
    assert.equal(final.usage.output_tokens, 5);
  });
});
