/**
 * The same-protocol fast path through the whole handler: frames pass as the upstream wrote them
 * (an unknown vendor field survives), the record still gets usage and the stop reason, a broken
 * stream ends with the client protocol's error frame, and anything the decoded path would change
 * (a rewritten model name) takes the decoded path.
 */
import assert from "node:assert/strict";
import { loadConfig } from "../../lib/config/load.ts";
import type { RequestRecord } from "../../lib/observability/request_record.ts";
import { createHandler } from "../../lib/server/handler.ts";

const toml = `
[server]
request_timeout_secs = 5

[[providers]]
name = "oa"
type = "openai"
base_url = "http://upstream.test/v1"
api_key = "k"

[[providers]]
name = "an"
type = "anthropic"
base_url = "http://upstream.test"
api_key = "k"

[[routes]]
match = "alias"
match_type = "exact"
provider = "oa"
rewrite_model = "gpt-real"

[[routes]]
match = "claude-"
provider = "an"

[[routes]]
match = "*"
provider = "oa"
`;

const chunk = (model: string, delta: unknown, finish: string | null = null) =>
  `data: ${
    JSON.stringify({
      id: "chatcmpl-up",
      object: "chat.completion.chunk",
      model,
      x_vendor: 7,
      choices: [{ index: 0, delta, finish_reason: finish }],
    })
  }\n\n`;
const usage = (model: string) =>
  `data: ${
    JSON.stringify({
      id: "chatcmpl-up",
      model,
      choices: [],
      usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 },
    })
  }\n\n`;
const openAIStream = (model: string, complete = true) =>
  chunk(model, { role: "assistant", content: "" }) + chunk(model, { content: "Hi" }) +
  (complete ? chunk(model, {}, "stop") + usage(model) + "data: [DONE]\n\n" : "");

function gateway(upstreamBody: (model: string) => string) {
  const records: RequestRecord[] = [];
  const handler = createHandler({
    config: loadConfig(toml, "test.toml", { env: () => undefined, readFile: () => "" }),
    observe: (record) => records.push(record),
    fetch: ((_url: string | URL | Request, init?: RequestInit) => {
      const model = JSON.parse(String(init?.body)).model as string;
      return Promise.resolve(
        new Response(upstreamBody(model), { headers: { "content-type": "text/event-stream" } }),
      );
    }) as typeof fetch,
  });
  return { handler, records };
}

async function chat(
  handler: (request: Request) => Promise<Response>,
  model: string,
  extra: Record<string, unknown> = {},
) {
  const res = await handler(
    new Request("http://gw/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model,
        stream: true,
        messages: [{ role: "user", content: "hi" }],
        ...extra,
      }),
    }),
  );
  assert.equal(res.status, 200);
  return await res.text();
}

Deno.test("OpenAI to OpenAI, same model: frames pass as sent, the record still gets usage and stop", async () => {
  const { handler, records } = gateway((model) => openAIStream(model));
  const text = await chat(handler, "gpt-x");
  assert.match(text, /"x_vendor":7/, "an unknown upstream field reaches the client");
  assert.doesNotMatch(text, /"usage"/, "no usage chunk for a client that did not ask for one");
  assert.match(text, /data: \[DONE\]\n\n$/);
  assert.equal(records.length, 1);
  assert.equal(records[0].status, 200);
  assert.equal(records[0].usage?.inputTokens, 11);
  assert.equal(records[0].usage?.outputTokens, 2);
  assert.equal(records[0].stopReason, "end_turn");
});

Deno.test("OpenAI to OpenAI with include_usage: the usage chunk reaches the client", async () => {
  const { handler } = gateway((model) => openAIStream(model));
  const text = await chat(handler, "gpt-x", { stream_options: { include_usage: true } });
  assert.match(text, /"usage":\{"prompt_tokens":11/);
});

Deno.test("OpenAI to OpenAI cut short: the client gets an error frame and no [DONE]", async () => {
  const { handler, records } = gateway((model) => openAIStream(model, false));
  const text = await chat(handler, "gpt-x");
  assert.match(text, /"content":"Hi"/);
  assert.match(text, /data: \{"error":\{[^\n]*ended before it finished/);
  assert.doesNotMatch(text, /\[DONE\]/);
  assert.equal(records[0].errorKind, "api_error");
});

Deno.test("an upstream error frame mid-stream reaches the client once, as the upstream wrote it", async () => {
  const failing = (model: string) =>
    chunk(model, { content: "Hi" }) +
    'data: {"error":{"message":"overloaded","type":"server_error","code":null}}\n\n';
  const { handler, records } = gateway(failing);
  const text = await chat(handler, "gpt-x");
  assert.equal(text.match(/"error"/g)?.length, 1);
  assert.match(text, /"message":"overloaded"/);
  assert.ok(records[0].errorKind, "the record shows the failure");
});

Deno.test("a rewritten model takes the decoded path: the client sees its own model name", async () => {
  const { handler } = gateway((model) => openAIStream(model));
  const text = await chat(handler, "alias");
  assert.match(text, /"model":"alias"/);
  assert.doesNotMatch(text, /gpt-real|x_vendor/);
});

Deno.test("Anthropic to Anthropic: events pass with their names, usage from the envelope events", async () => {
  const events = [
    ["message_start", {
      type: "message_start",
      message: {
        id: "msg_up",
        type: "message",
        role: "assistant",
        model: "claude-x",
        content: [],
        stop_reason: null,
        usage: { input_tokens: 9, output_tokens: 1 },
      },
    }],
    ["content_block_start", {
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    }],
    ["content_block_delta", {
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text: "Hi" },
    }],
    ["content_block_stop", { type: "content_block_stop", index: 0 }],
    ["message_delta", {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: 4 },
    }],
    ["message_stop", { type: "message_stop" }],
  ];
  const wire = events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
    .join("");
  const { handler, records } = gateway(() => wire);
  const res = await handler(
    new Request("http://gw/v1/messages", {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify({
        model: "claude-x",
        max_tokens: 10,
        stream: true,
        messages: [{ role: "user", content: "hi" }],
      }),
    }),
  );
  assert.equal(await res.text(), wire);
  assert.equal(records[0].usage?.inputTokens, 9);
  assert.equal(records[0].usage?.outputTokens, 4);
  assert.equal(records[0].stopReason, "end_turn");
});
