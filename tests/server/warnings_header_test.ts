/**
 * `x-ferryllm-warnings` end to end through the handler: a request that loses something on its
 * way to the upstream carries the short kinds in the header, whole answer and stream alike, and
 * the metric counts the same kinds.
 */
import assert from "node:assert/strict";
import { loadConfig } from "../../lib/config/load.ts";
import { createHandler } from "../../lib/server/handler.ts";

const toml = `
[metrics]
enabled = true

[[providers]]
name = "oai"
type = "openai"
base_url = "http://upstream.test"
api_key = "k"
max_output_tokens = 100

[[providers]]
name = "echo"
type = "echo"

[[routes]]
match = "gpt-"
provider = "oai"

[[routes]]
match = "echo-"
provider = "echo"
`;

const COMPLETION = {
  id: "c1",
  object: "chat.completion",
  created: 1,
  model: "gpt-x",
  choices: [{ index: 0, message: { role: "assistant", content: "hi" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};

const chunk = (delta: Record<string, unknown>, finish: string | null) =>
  `data: ${
    JSON.stringify({
      id: "c1",
      object: "chat.completion.chunk",
      created: 1,
      model: "gpt-x",
      choices: [{ index: 0, delta, finish_reason: finish }],
    })
  }\n\n`;

const sent: Record<string, unknown>[] = [];

const fakeFetch: typeof fetch = (_input, init) => {
  const body = JSON.parse(String(init?.body));
  sent.push(body);
  if (body.stream) {
    const text = chunk({ role: "assistant", content: "hi" }, null) + chunk({}, "stop") +
      "data: [DONE]\n\n";
    return Promise.resolve(
      new Response(text, { headers: { "content-type": "text/event-stream" } }),
    );
  }
  return Promise.resolve(Response.json(COMPLETION));
};

const handler = () =>
  createHandler({
    config: loadConfig(toml, "test.toml", { env: () => undefined, readFile: () => "" }),
    fetch: fakeFetch,
  });

/** An Anthropic request that loses three kinds of things on its way to OpenAI. */
const lossy = (stream: boolean) => ({
  model: "gpt-x",
  max_tokens: 1000, // → max_tokens (the provider takes 100)
  stream,
  thinking: { type: "adaptive", display: "updates" }, // → field
  messages: [{
    role: "user",
    content: [
      { type: "text", text: "hello" },
      { type: "video_clip", source: { url: "https://example.test/v.mp4" } }, // → block
    ],
  }],
});

const post = (gateway: ReturnType<typeof handler>, body: unknown) =>
  gateway(
    new Request("http://gw/v1/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );

async function warningCounts(gateway: ReturnType<typeof handler>): Promise<Map<string, number>> {
  const text = await (await gateway(new Request("http://gw/metrics"))).text();
  const counts = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("ferryllm_translation_warnings_total{")) continue;
    const kind = /kind="([^"]+)"/.exec(line)?.[1];
    if (kind) counts.set(kind, Number(line.split(" ").at(-1)));
  }
  return counts;
}

Deno.test("a translated answer names three kinds of loss in x-ferryllm-warnings, and the metric counts them", async () => {
  const gateway = handler();
  const res = await post(gateway, lossy(false));
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get("x-ferryllm-warnings"), "field,block,max_tokens");
  const body = await res.json();
  assert.equal(body.content[0].text, "hi");
  assert.equal(sent.at(-1)?.max_tokens ?? sent.at(-1)?.max_completion_tokens, 100);
  const counts = await warningCounts(gateway);
  assert.equal(counts.get("field"), 1);
  assert.equal(counts.get("block"), 1);
  assert.equal(counts.get("max_tokens"), 1);
});

Deno.test("a translated stream carries x-ferryllm-warnings in its headers, and the metric counts once the stream is over", async () => {
  const gateway = handler();
  const res = await post(gateway, lossy(true));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  assert.equal(res.headers.get("x-ferryllm-warnings"), "field,block,max_tokens");
  const text = await res.text();
  assert.ok(text.includes("message_stop"), text);
  const counts = await warningCounts(gateway);
  assert.deepEqual(
    [counts.get("field"), counts.get("block"), counts.get("max_tokens")],
    [1, 1, 1],
  );
});

Deno.test("a request that loses nothing has no x-ferryllm-warnings and counts no warning", async () => {
  const gateway = handler();
  const res = await post(gateway, {
    model: "echo-a",
    max_tokens: 1000,
    thinking: { type: "adaptive", display: "updates" },
    messages: [{ role: "user", content: "hello" }],
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-ferryllm-warnings"), null);
  await res.body?.cancel();
  assert.equal((await warningCounts(gateway)).size, 0);
});
