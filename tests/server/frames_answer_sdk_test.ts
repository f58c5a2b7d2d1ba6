/**
 * The same-protocol fast path judged by the official SDKs: routes without a model rewrite, so
 * OpenAI, Responses and Anthropic streams go through as frames, against the conformance mock.
 */
import Anthropic from "@anthropic-ai/sdk";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { loadConfig } from "../../lib/config/load.ts";
import type { RequestRecord } from "../../lib/observability/request_record.ts";
import { createHandler } from "../../lib/server/handler.ts";
import { MOCK } from "../support/mock_upstream/scenario.ts";
import { startMockUpstream } from "../support/mock_upstream/mod.ts";

const weather = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
};

async function withGateway(
  run: (url: string, records: RequestRecord[]) => Promise<void>,
): Promise<void> {
  const mock = await startMockUpstream();
  const toml = ["openai", "openai_responses", "anthropic"].map((p) => `
[[providers]]
name = "up_${p}"
type = "${p}"
base_url = "${mock.url}"
api_key = "test"

[[routes]]
match = "same-${p}"
match_type = "exact"
provider = "up_${p}"
`).join("");
  const records: RequestRecord[] = [];
  const handler = createHandler({
    config: loadConfig(toml, "same.toml", { env: () => undefined, readFile: () => "" }),
    observe: (record) => records.push(record),
  });
  const { promise, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => resolve(port) },
    handler,
  );
  try {
    await run(`http://127.0.0.1:${await promise}`, records);
  } finally {
    await server.shutdown();
    await mock.close();
  }
}

Deno.test("fast path: the OpenAI SDK streams text and a tool call, usage only when asked", async () => {
  await withGateway(async (url, records) => {
    const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: "k", maxRetries: 0 });
    let text = "";
    let sawUsage = false;
    const ids = new Set<string>();
    const stream = await openai.chat.completions.create({
      model: "same-openai",
      stream: true,
      messages: [{ role: "user", content: "SCENARIO:text" }],
    });
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) sawUsage = true;
      ids.add(chunk.id);
    }
    // The upstream's own id: its frames came through, not a re-encoding with a gateway id.
    assert.deepEqual([...ids], ["chatcmpl-mock-1"]);
    assert.equal(text, MOCK.text("openai"));
    assert.equal(sawUsage, false);

    const tool = await openai.chat.completions.create({
      model: "same-openai",
      stream: true,
      stream_options: { include_usage: true },
      tools: [{ type: "function", function: { name: "get_weather", parameters: weather } }],
      messages: [{ role: "user", content: "SCENARIO:tool" }],
    });
    let args = "";
    let finish: string | null = null;
    let usage: unknown;
    for await (const chunk of tool) {
      args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    assert.equal(JSON.parse(args).city, "Paris");
    assert.equal(finish, "tool_calls");
    assert.ok(usage, "the usage chunk a client asks for arrives");
    assert.equal(records.at(-1)?.stopReason, "tool_use");
    assert.ok((records.at(-1)?.usage?.inputTokens ?? 0) > 0);
  });
});

Deno.test("fast path: the Responses SDK gets the whole response, the record its usage", async () => {
  await withGateway(async (url, records) => {
    const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: "k", maxRetries: 0 });
    const stream = openai.responses.stream({
      model: "same-openai_responses",
      input: "SCENARIO:text",
    });
    const response = await stream.finalResponse();
    assert.equal(response.output_text, MOCK.text("openai_responses"));
    assert.equal(records.at(-1)?.status, 200);
    assert.ok((records.at(-1)?.usage?.outputTokens ?? 0) > 0);
  });
});

Deno.test("fast path: the Anthropic SDK gets thinking with its signature, and a mid-stream break is an error", async () => {
  await withGateway(async (url, records) => {
    const anthropic = new Anthropic({ baseURL: url, apiKey: "k", maxRetries: 0 });
    const message = await anthropic.messages.stream({
      model: "same-anthropic",
      max_tokens: 100,
      messages: [{ role: "user", content: "SCENARIO:reasoning" }],
    }).finalMessage();
    const thinking = message.content.find((b) => b.type === "thinking");
    assert.ok(thinking && thinking.type === "thinking");
    assert.equal(thinking.signature, MOCK.signature, "the signature passes byte-exact");
    assert.equal(records.at(-1)?.stopReason, "end_turn");

    const broken = anthropic.messages.stream({
      model: "same-anthropic",
      max_tokens: 100,
      messages: [{ role: "user", content: "SCENARIO:midstream" }],
    }).finalMessage();
    await assert.rejects(broken);
    assert.ok(records.at(-1)?.errorKind, "the record shows the failure");
  });
});
