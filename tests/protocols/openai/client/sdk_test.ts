/**
 * The entry's wire, read by the official `openai` SDK from a loopback server: whatever the SDK
 * reconstructs (text, tool calls, finish reason, usage) must match the IR answer it came from.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { openaiEntry } from "../../../../lib/protocols/openai/client/mod.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import type { IrStreamEvent } from "../../../../lib/ir/events.ts";
import { responseToEvents } from "../../../../lib/ir/replay.ts";
import type { IrResponse } from "../../../../lib/ir/response.ts";
import { textStream } from "../../../../lib/streaming/chunks.ts";
import { INFO } from "./_entry_context.ts";

const ANSWER: IrResponse = {
  id: "msg_1",
  model: "claude-upstream",
  content: [
    { type: "text", text: "Checking the weather in Zürich 🌦 and the time." },
    { type: "tool_call", id: "toolu_a", name: "get_weather", input: { city: "Zürich" } },
    {
      type: "tool_call",
      id: "toolu_b",
      name: "get_time",
      input: { tz: "Europe/Zurich", fmt: "24h" },
    },
  ],
  stop: { reason: "tool_use", raw: "tool_use" },
  usage: {
    inputTokens: 321,
    outputTokens: 45,
    cacheReadTokens: 300,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  },
};

async function withServer(
  events: (ir: IrResponse) => AsyncIterable<IrStreamEvent>,
  run: (client: OpenAI) => Promise<void>,
): Promise<void> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const { ir, wire } = openaiEntry.decodeRequest(await req.json(), INFO);
    const ctx = {
      newId: (p: string) => `${p}x`,
      now: () => 1_700_000_000_000,
      clientModel: ir.model,
      request: ir,
      wire,
      responseId: "chatcmpl-sdk",
      upstreamProtocol: "anthropic" as const,
    };
    if (!ir.stream) return Response.json(openaiEntry.encodeResponse(ANSWER, ctx));
    const encoded = openaiEntry.encodeStream(events(ANSWER), ctx);
    return new Response(textStream(encoded.chunks), {
      headers: { "content-type": encoded.contentType },
    });
  });
  try {
    const { port } = server.addr as Deno.NetAddr;
    await run(new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: "x", maxRetries: 0 }));
  } finally {
    await server.shutdown();
  }
}

async function* replay(ir: IrResponse): AsyncGenerator<IrStreamEvent> {
  yield* responseToEvents(ir, 4);
}

const PARAMS = {
  model: "gpt-client",
  messages: [{ role: "user" as const, content: "weather and time?" }],
  tools: [
    {
      type: "function" as const,
      function: { name: "get_weather", parameters: { type: "object" } },
    },
    { type: "function" as const, function: { name: "get_time", parameters: { type: "object" } } },
  ],
};

Deno.test("openai SDK finalChatCompletion reads the entry's stream: text, tool calls, usage", async () => {
  await withServer(replay, async (client) => {
    const stream = client.chat.completions.stream({
      ...PARAMS,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    stream.on("content", (delta) => deltas.push(delta));
    const final = await stream.finalChatCompletion();
    const choice = final.choices[0];
    assert.equal(final.id, "chatcmpl-sdk");
    assert.equal(final.model, "gpt-client");
    assert.equal(choice.finish_reason, "tool_calls");
    assert.equal(choice.message.content, "Checking the weather in Zürich 🌦 and the time.");
    assert.equal(deltas.join(""), choice.message.content);
    assert.deepEqual(
      choice.message.tool_calls?.map((c) =>
        c.type === "function" ? [c.id, c.function.name, JSON.parse(c.function.arguments)] : []
      ),
      [
        ["toolu_a", "get_weather", { city: "Zürich" }],
        ["toolu_b", "get_time", { tz: "Europe/Zurich", fmt: "24h" }],
      ],
    );
    assert.equal(final.usage?.prompt_tokens, 321);
    assert.equal(final.usage?.completion_tokens, 45);
    assert.equal(final.usage?.prompt_tokens_details?.cached_tokens, 300);
  });
});

Deno.test("openai SDK chat.completions.create reads the entry's non-stream answer", async () => {
  await withServer(replay, async (client) => {
    const completion = await client.chat.completions.create(PARAMS);
    const choice = completion.choices[0];
    assert.equal(choice.finish_reason, "tool_calls");
    const calls = choice.message.tool_calls ?? [];
    assert.equal(calls.length, 2);
    const first = calls[0];
    assert.ok(first.type === "function");
    assert.deepEqual(JSON.parse(first.function.arguments), { city: "Zürich" });
    assert.equal(completion.usage?.total_tokens, 366);
  });
});

Deno.test("openai SDK raises the entry's mid-stream error frame instead of a clean end", async () => {
  async function* failing(ir: IrResponse): AsyncGenerator<IrStreamEvent> {
    for (const e of responseToEvents(ir, 4)) {
      if (e.type === "block_start" && e.index === 1) {
        yield {
          type: "error",
          error: new GatewayError({ status: 529, kind: "overloaded", message: "Overloaded" }),
        };
        return;
      }
      yield e;
    }
  }
  await withServer(failing, async (client) => {
    const stream = await client.chat.completions.create({ ...PARAMS, stream: true });
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta?.content ?? "");
    }, /Overloaded/);
    assert.ok(seen.join("").startsWith("Check"));
  });
});
