/**
 * The mock's Responses wire, judged by the official `openai` SDK (`responses.create` and the
 * strict `responses.stream()` accumulator, which validates item ids, indexes and order).
 */
import assert from "node:assert/strict";
import OpenAI, { APIError } from "openai";
import type { ResponseCreateParamsNonStreaming } from "openai/resources/responses/responses";
import { MOCK } from "../support/mock_upstream/mod.ts";
import { timeSchema, weatherSchema, withMock } from "./with_mock.ts";

const client = (url: string) =>
  new OpenAI({ apiKey: "dummy", baseURL: `${url}/v1`, maxRetries: 0 });

const tools = [
  { type: "function" as const, name: "get_weather", parameters: weatherSchema, strict: false },
  { type: "function" as const, name: "get_time", parameters: timeSchema, strict: false },
];

function params(text: string, extra: Partial<ResponseCreateParamsNonStreaming> = {}) {
  return { model: "gpt-mock", input: [{ role: "user" as const, content: text }], ...extra };
}

async function streamed(openai: OpenAI, body: ResponseCreateParamsNonStreaming) {
  const stream = openai.responses.stream({ ...body, stream: true });
  const deltas: string[] = [];
  stream.on("response.output_text.delta", (event) => deltas.push(event.delta));
  const final = await stream.finalResponse();
  return { deltas, final };
}

Deno.test("openai SDK reads the mock's Responses text, whole and streamed", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    const whole = await openai.responses.create(params("SCENARIO:text"));
    assert.equal(whole.output_text, "Hello from mock openai_responses!");
    assert.equal(whole.status, "completed");
    const { deltas, final } = await streamed(openai, params("SCENARIO:text"));
    assert.ok(deltas.length >= 3);
    assert.equal(deltas.join(""), final.output_text);
    assert.equal(final.output_text, "Hello from mock openai_responses!");
    assert.equal(final.status, "completed");
    const plain = await openai.responses.create({ model: "gpt-mock", input: "say pong" });
    assert.equal(plain.output_text, "pong");
    assert.equal(mock.requests.at(-1)?.protocol, "openai_responses");
  });
});

Deno.test("openai SDK assembles the mock's Responses function calls", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    const whole = await openai.responses.create(params("SCENARIO:tool", { tools }));
    const call = whole.output[0];
    assert.ok(call.type === "function_call");
    assert.equal(call.call_id, "call_mock_1");
    assert.equal(call.name, "get_weather");
    assert.deepEqual(JSON.parse(call.arguments), { city: "Paris" });
    const { final } = await streamed(openai, params("SCENARIO:parallel", { tools }));
    assert.deepEqual(
      final.output.map((o) =>
        o.type === "function_call" && [o.call_id, o.name, JSON.parse(o.arguments)]
      ),
      [["call_mock_1", "get_weather", { city: "Paris" }], ["call_mock_2", "get_time", {
        city: "London",
      }]],
    );
  });
});

Deno.test("openai SDK reads the mock's Responses reasoning item with encrypted_content", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    const body = params("SCENARIO:reasoning", { include: ["reasoning.encrypted_content"] });
    const whole = await openai.responses.create(body);
    const { final } = await streamed(openai, body);
    for (const response of [whole, final]) {
      const [reasoning, message] = response.output;
      assert.ok(reasoning.type === "reasoning");
      assert.equal(reasoning.encrypted_content, MOCK.signature);
      assert.equal(reasoning.summary[0]?.text, MOCK.reasoningText);
      assert.equal(message.type, "message");
      assert.equal(response.output_text, MOCK.reasoningAnswer);
      assert.equal(response.usage?.output_tokens_details.reasoning_tokens, 6);
    }
    const unasked = await openai.responses.create(params("SCENARIO:reasoning"));
    assert.ok(unasked.output[0].type === "reasoning");
    assert.equal(unasked.output[0].encrypted_content, null);
  });
});

Deno.test("openai SDK reads the mock's Responses usage with cached tokens inside input", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    const whole = await openai.responses.create(params("SCENARIO:usage"));
    const { final } = await streamed(openai, params("SCENARIO:usage"));
    for (const usage of [whole.usage, final.usage]) {
      assert.equal(usage?.input_tokens, 130);
      assert.equal(usage?.input_tokens_details.cached_tokens, 100);
      assert.equal(usage?.input_tokens_details.cache_write_tokens, 20);
      assert.equal(usage?.output_tokens, 9);
      assert.equal(usage?.total_tokens, 139);
    }
  });
});

Deno.test("openai SDK throws the mock's Responses 400 with its message", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    await assert.rejects(openai.responses.create(params("SCENARIO:error400")), (e) => {
      assert.ok(e instanceof APIError);
      assert.equal(e.status, 400);
      assert.match(e.message, /mock says the request is bad/);
      return true;
    });
    await assert.rejects(streamed(openai, params("SCENARIO:error400")), (e) => {
      assert.ok(e instanceof APIError);
      assert.equal(e.status, 400);
      return true;
    });
  });
});

Deno.test("openai SDK Responses stream rejects when the mock breaks the connection", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    await assert.rejects(streamed(openai, params("SCENARIO:midstream")));
  });
});

Deno.test("openai SDK reads the mock's Responses stop and max_output_tokens truncation", async () => {
  await withMock(async (mock) => {
    const openai = client(mock.url);
    const stop = await openai.responses.create(params("SCENARIO:stop"));
    assert.equal(stop.status, "completed");
    assert.equal(stop.output_text, MOCK.stopText);
    const whole = await openai.responses.create(
      params("SCENARIO:length", { max_output_tokens: 5 }),
    );
    const { final } = await streamed(openai, params("SCENARIO:length", { max_output_tokens: 5 }));
    for (const response of [whole, final]) {
      assert.equal(response.status, "incomplete");
      assert.equal(response.incomplete_details?.reason, "max_output_tokens");
      assert.equal(response.output_text, MOCK.lengthText);
      assert.equal(response.usage?.output_tokens, 5);
    }
  });
});
