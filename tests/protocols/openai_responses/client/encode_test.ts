import { openArtifact } from "../../../../lib/ir/artifacts.ts";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { responsesEntry } from "../../../../lib/protocols/openai_responses/client/mod.ts";
import type { DecodedRequest } from "../../../../lib/protocols/entry.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import type { IrStreamEvent } from "../../../../lib/ir/events.ts";
import type { IrResponse } from "../../../../lib/ir/response.ts";
import { responseToEvents } from "../../../../lib/ir/replay.ts";
import { decodeSse } from "../../../../lib/streaming/sse_decode.ts";
import { textStream } from "../../../../lib/streaming/chunks.ts";
import { entryContext, info } from "./_context.ts";

const ORIGIN = { protocol: "anthropic" as const, provider: "claude", model: "claude-x" };

const request: DecodedRequest = responsesEntry.decodeRequest({
  model: "codex-model",
  input: "go",
  tools: [
    { type: "function", name: "exec_command", parameters: { type: "object" } },
    {
      type: "custom",
      name: "apply_patch",
      format: { type: "grammar", syntax: "lark", definition: "x" },
    },
    {
      type: "namespace",
      name: "multi_agent_v1",
      tools: [{ type: "function", name: "spawn", parameters: { type: "object" } }],
    },
  ],
}, info);

const answer: IrResponse = {
  id: "msg_upstream",
  model: "claude-x",
  content: [
    { type: "thinking", text: "think", signature: "sig-1", origin: ORIGIN },
    { type: "text", text: "Hello " },
    { type: "text", text: "world" },
    { type: "tool_call", id: "toolu_1", name: "exec_command", input: { cmd: "ls" } },
    {
      type: "tool_call",
      id: "toolu_2",
      name: "apply_patch",
      input: { input: 'a "quoted"\npatch' },
    },
    { type: "tool_call", id: "toolu_3", name: "multi_agent_v1__spawn", input: {} },
  ],
  stop: { reason: "tool_use" },
  usage: {
    inputTokens: 100,
    outputTokens: 20,
    cacheReadTokens: 60,
    cacheWriteTokens: 0,
    reasoningTokens: 5,
  },
};

Deno.test("encodeResponsesResponse builds output items with restored tool shapes", () => {
  const body = responsesEntry.encodeResponse(answer, entryContext(request)) as Record<
    string,
    unknown
  >;
  assert.equal(body.id, "resp_gw1");
  assert.equal(body.object, "response");
  assert.equal(body.status, "completed");
  assert.equal(body.model, "codex-model");
  const output = body.output as Record<string, unknown>[];
  assert.deepEqual(output.map((i) => i.type), [
    "reasoning",
    "message",
    "function_call",
    "custom_tool_call",
    "function_call",
  ]);
  assert.match(output[0].encrypted_content as string, /^ZmVycnkx[A-Za-z0-9+/]*={0,2}$/);
  assert.equal(
    openArtifact(output[0].encrypted_content as string, "openai_responses").artifact,
    "sig-1",
  );
  assert.deepEqual(output[0].summary, [{ type: "summary_text", text: "think" }]);
  assert.deepEqual((output[1].content as { text: string }[]).map((c) => c.text), [
    "Hello ",
    "world",
  ]);
  assert.equal(output[2].arguments, '{"cmd":"ls"}');
  assert.equal(output[2].call_id, "toolu_1");
  assert.equal(output[3].input, 'a "quoted"\npatch');
  assert.equal(output[3].name, "apply_patch");
  assert.equal(output[4].name, "spawn");
  assert.equal(output[4].namespace, "multi_agent_v1");
  assert.deepEqual(body.usage, {
    input_tokens: 100,
    input_tokens_details: { cached_tokens: 60, cache_write_tokens: 0 },
    output_tokens: 20,
    output_tokens_details: { reasoning_tokens: 5 },
    total_tokens: 120,
  });
});

Deno.test("encodeResponsesResponse keeps the upstream id from a Responses upstream and marks truncation", () => {
  const body = responsesEntry.encodeResponse(
    { ...answer, id: "resp_up", stop: { reason: "max_tokens" } },
    entryContext(request, "openai_responses"),
  ) as Record<string, unknown>;
  assert.equal(body.id, "resp_up");
  assert.equal(body.status, "incomplete");
  assert.deepEqual(body.incomplete_details, { reason: "max_output_tokens" });
});

async function frames(events: Iterable<IrStreamEvent> | AsyncIterable<IrStreamEvent>) {
  const encoding = responsesEntry.encodeStream(
    (async function* () {
      yield* events;
    })(),
    entryContext(request),
  );
  assert.equal(encoding.contentType, "text/event-stream");
  const text = (await Array.fromAsync(encoding.chunks)).join("");
  const messages = await Array.fromAsync(
    decodeSse(ReadableStream.from([new TextEncoder().encode(text)])),
  );
  return {
    text,
    messages,
    data: messages.map((m) => JSON.parse(m.data) as Record<string, unknown>),
  };
}

Deno.test("encodeResponsesStream writes the documented event order with sequence numbers", async () => {
  const { text, messages, data } = await frames(responseToEvents(answer, 3));
  assert.ok(!text.includes("[DONE]"));
  assert.deepEqual(data.map((d) => d.sequence_number), data.map((_, i) => i));
  for (const m of messages) assert.equal(m.event, JSON.parse(m.data).type); // event: lines too
  const types = data.map((d) => d.type as string);
  assert.deepEqual(types.slice(0, 2), ["response.created", "response.in_progress"]);
  assert.equal(types.at(-1), "response.completed");
  const compact = types.filter((t, i) => t !== types[i - 1]);
  assert.deepEqual(compact, [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.reasoning_summary_part.added",
    "response.reasoning_summary_text.delta",
    "response.reasoning_summary_text.done",
    "response.reasoning_summary_part.done",
    "response.output_item.done",
    "response.output_item.added",
    "response.content_part.added",
    "response.output_text.delta",
    "response.output_text.done",
    "response.content_part.done",
    "response.content_part.added",
    "response.output_text.delta",
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
    "response.output_item.added",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.output_item.done",
    "response.output_item.added",
    "response.custom_tool_call_input.delta",
    "response.custom_tool_call_input.done",
    "response.output_item.done",
    "response.output_item.added",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.output_item.done",
    "response.completed",
  ]);
  const custom = data.find((d) => d.type === "response.custom_tool_call_input.done")!;
  assert.equal(custom.input, 'a "quoted"\npatch');
  const added = data.filter((d) => d.type === "response.output_item.added");
  assert.deepEqual(added.map((d) => d.output_index), [0, 1, 2, 3, 4]);
});

Deno.test("encodeResponsesStream ends an IR error with response.failed", async () => {
  const { data } = await frames([
    { type: "message_start", id: "x", model: "m" },
    { type: "block_start", index: 0, block: { type: "text" } },
    { type: "text_delta", index: 0, text: "part" },
    {
      type: "error",
      error: new GatewayError({ status: 529, kind: "overloaded", message: "Overloaded" }),
    },
  ]);
  const last = data.at(-1)!;
  assert.equal(last.type, "response.failed");
  const response = last.response as Record<string, unknown>;
  assert.equal(response.status, "failed");
  assert.deepEqual(response.error, { code: "server_error", message: "Overloaded" });
  assert.equal((response.output as unknown[]).length, 1);
});

Deno.test("encodeResponsesStream ends a stream without finish with response.failed", async () => {
  const { data } = await frames([{ type: "message_start", id: "x", model: "m" }]);
  assert.equal(data.at(-1)!.type, "response.failed");
  assert.equal(data.filter((d) => d.type === "response.failed").length, 1);
});

Deno.test("encodeResponsesError writes the OpenAI envelope", () => {
  const local = responsesEntry.encodeError(
    new GatewayError({ status: 400, kind: "invalid_request", message: "bad", param: "input" }),
  );
  assert.equal(local.status, 400);
  assert.deepEqual(local.body, {
    error: { message: "bad", type: "invalid_request_error", param: "input", code: null },
  });
  const upstream = responsesEntry.encodeError(
    new GatewayError({
      status: 429,
      kind: "rate_limit",
      message: "slow down",
      upstreamType: "tokens",
      upstreamProtocol: "openai_responses",
      code: "rate_limit_exceeded",
      retryAfter: "7",
    }),
  );
  assert.deepEqual(upstream.body, {
    error: { message: "slow down", type: "tokens", param: null, code: "rate_limit_exceeded" },
  });
  assert.deepEqual(upstream.headers, { "retry-after": "7" });
  const foreign = responsesEntry.encodeError(
    new GatewayError({
      status: 529,
      kind: "overloaded",
      message: "Overloaded",
      upstreamType: "overloaded_error",
      upstreamProtocol: "anthropic",
    }),
  );
  assert.equal((foreign.body as { error: { type: string } }).error.type, "server_error");
});

Deno.test("the openai SDK's responses.stream reads the encoded stream", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const body = responsesEntry.encodeStream(
      (async function* () {
        yield* responseToEvents(answer, 2);
      })(),
      entryContext(request),
    );
    void req.body?.cancel();
    return new Response(textStream(body.chunks), {
      headers: { "content-type": body.contentType },
    });
  });
  try {
    const client = new OpenAI({
      apiKey: "test",
      baseURL: `http://127.0.0.1:${server.addr.port}/v1`,
      maxRetries: 0,
    });
    const stream = client.responses.stream({ model: "codex-model", input: "go" });
    let deltas = "";
    stream.on("response.output_text.delta", (e) => (deltas += e.delta));
    const final = await stream.finalResponse();
    assert.equal(final.output_text, "Hello world");
    assert.equal(deltas, "Hello world");
    const calls = final.output.filter((o) => o.type === "function_call");
    assert.deepEqual(calls.map((c) => JSON.parse(c.arguments)), [{ cmd: "ls" }, {}]);
    const custom = final.output.find((o) => o.type === "custom_tool_call");
    assert.equal(custom?.type === "custom_tool_call" && custom.input, 'a "quoted"\npatch');
    assert.equal(final.usage?.input_tokens, 100);
    assert.equal(final.usage?.input_tokens_details.cached_tokens, 60);
    assert.equal(final.usage?.output_tokens, 20);
    assert.equal(final.status, "completed");
  } finally {
    await server.shutdown();
  }
});

Deno.test("the openai SDK's responses.create reads the encoded response", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    await req.body?.cancel();
    return Response.json(responsesEntry.encodeResponse(answer, entryContext(request)));
  });
  try {
    const client = new OpenAI({
      apiKey: "test",
      baseURL: `http://127.0.0.1:${server.addr.port}/v1`,
      maxRetries: 0,
    });
    const response = await client.responses.create({ model: "codex-model", input: "go" });
    assert.equal(response.output_text, "Hello world");
    assert.equal(response.id, "resp_gw1");
    assert.equal(response.usage?.total_tokens, 120);
  } finally {
    await server.shutdown();
  }
});
