import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { loadConfig } from "../../lib/config/load.ts";
import { createHandler } from "../../lib/server/handler.ts";

const toml = `
[server]
body_limit_mb = 0.001

[[providers]]
name = "echo"
type = "echo"
models = ["echo-a", "echo-b", "other-x"]

[[routes]]
match = "echo-"
provider = "echo"

[[routes]]
match = "alias"
match_type = "exact"
provider = "echo"
rewrite_model = "echo-a"
`;

const handler = createHandler({
  config: loadConfig(toml, "test.toml", { env: () => undefined, readFile: () => "" }),
  newId: (prefix) => `${prefix}1`,
  now: () => 1_700_000_000_000,
});

const post = (
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  gateway = handler,
) =>
  gateway(
    new Request(`http://gw${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

Deno.test("an OpenAI request to the echo provider is answered in OpenAI shape", async () => {
  const res = await post("/v1/chat/completions", {
    model: "alias",
    messages: [{ role: "user", content: "hello" }],
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.object, "chat.completion");
  assert.equal(body.model, "alias", "the client's model name comes back, not the rewrite");
  assert.equal(body.choices[0].message.content, "echo: hello");
  assert.ok(res.headers.get("x-request-id"));
  assert.match(res.headers.get("x-ferryllm-overhead-ms") ?? "", /^\d+(\.\d)?$/);
});

Deno.test("a model with no route is a 404 naming the model, in each client's shape", async () => {
  const openai = await post("/v1/chat/completions", {
    model: "gpt-x",
    messages: [{ role: "user", content: "hi" }],
  });
  assert.equal(openai.status, 404);
  const openaiBody = await openai.json();
  assert.match(openaiBody.error.message, /"gpt-x"/);

  const anthropic = await post("/v1/messages", {
    model: "claude-x",
    max_tokens: 10,
    messages: [{ role: "user", content: "hi" }],
  });
  assert.equal(anthropic.status, 404);
  const anthropicBody = await anthropic.json();
  assert.equal(anthropicBody.type, "error");
  assert.equal(anthropicBody.error.type, "not_found_error");
  assert.match(anthropicBody.error.message, /"claude-x"/);

  const gemini = await post("/v1beta/models/gemini-x:generateContent", {
    contents: [{ role: "user", parts: [{ text: "hi" }] }],
  });
  assert.equal(gemini.status, 404);
  const geminiBody = await gemini.json();
  assert.equal(geminiBody.error.code, 404);
  assert.match(geminiBody.error.message, /"gemini-x"/);
});

Deno.test("malformed JSON is a 400 and an oversize body a 413, in the client's shape", async () => {
  const bad = await post("/v1/messages", "{not json");
  assert.equal(bad.status, 400);
  const badBody = await bad.json();
  assert.equal(badBody.type, "error");
  assert.equal(badBody.error.type, "invalid_request_error");
  assert.match(badBody.error.message, /not valid JSON/);

  const big = await post("/v1/responses", { model: "echo-a", input: "x".repeat(5000) });
  assert.equal(big.status, 413);
  const bigBody = await big.json();
  assert.ok(bigBody.error.message.includes("exceeds"));
});

Deno.test("health and readiness answer, unknown paths are 404", async () => {
  for (const path of ["/health", "/healthz", "/readyz"]) {
    const res = await handler(new Request(`http://gw${path}`));
    assert.equal(res.status, 200, path);
    await res.body?.cancel();
  }
  const missing = await handler(new Request("http://gw/nope"));
  assert.equal(missing.status, 404);
  await missing.body?.cancel();
});

Deno.test("GET /v1/models lists routable names in OpenAI, Anthropic and Gemini shapes", async () => {
  const openai = await (await handler(new Request("http://gw/v1/models"))).json();
  assert.deepEqual(openai.data.map((m: { id: string }) => m.id), ["alias", "echo-a", "echo-b"]);
  const anthropic = await (await handler(
    new Request("http://gw/v1/models?limit=1", { headers: { "anthropic-version": "2023-06-01" } }),
  )).json();
  assert.deepEqual(anthropic.data.map((m: { id: string }) => m.id), ["alias"]);
  assert.equal(anthropic.data[0].type, "model");
  const gemini = await (await handler(new Request("http://gw/v1beta/models"))).json();
  assert.ok(gemini.models.some((m: { name: string }) => m.name === "models/echo-a"));
});

Deno.test("count_tokens is estimated locally for non-Anthropic routes", async () => {
  const short = await (await post("/v1/messages/count_tokens", {
    model: "echo-a",
    messages: [{ role: "user", content: "hi" }],
  })).json();
  const long = await (await post("/v1/messages/count_tokens", {
    model: "echo-a",
    messages: [{ role: "user", content: "hello there, ".repeat(20) }],
  })).json();
  assert.ok(short.input_tokens > 0);
  assert.ok(long.input_tokens > short.input_tokens);
});

Deno.test("the echo provider calls a tool on request and answers its result", async () => {
  const tools = [{
    name: "get_weather",
    description: "w",
    input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  }];
  const first = await (await post("/v1/messages", {
    model: "echo-a",
    max_tokens: 100,
    tools,
    messages: [{ role: "user", content: "/tool get_weather" }],
  })).json();
  assert.equal(first.stop_reason, "tool_use");
  const call = first.content[0];
  assert.deepEqual([call.type, call.name, call.input], ["tool_use", "get_weather", {
    city: "echo",
  }]);
  const second = await (await post("/v1/messages", {
    model: "echo-a",
    max_tokens: 100,
    tools,
    messages: [
      { role: "user", content: "/tool get_weather" },
      { role: "assistant", content: [call] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "sunny" }] },
    ],
  })).json();
  assert.equal(second.content[0].text, "tool result: sunny");
});

/** A Chat Completions answer from a fake upstream. */
function chatCompletion(message: Record<string, unknown>, finishReason: string) {
  return {
    id: "c1",
    object: "chat.completion",
    created: 1,
    model: "up",
    choices: [{
      index: 0,
      message: { role: "assistant", ...message },
      finish_reason: finishReason,
    }],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  };
}

/** A loopback OpenAI upstream giving one fixed answer; `received` holds the last body it got. */
function fakeOpenAI(answer: unknown) {
  const state: { received?: Record<string, unknown> } = {};
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    state.received = await req.json();
    return Response.json(answer);
  });
  return { server, state };
}

/** A config routing every model to `upstream`, with extra TOML for the top and the provider. */
function upstreamConfig(upstream: Deno.HttpServer<Deno.NetAddr>, top = "", provider = "") {
  return loadConfig(
    `${top}\n[[providers]]\nname = "up"\ntype = "openai"\nbase_url = "http://127.0.0.1:${upstream.addr.port}"\n${provider}\n[[routes]]\nmatch = "*"\nprovider = "up"\n`,
    "t.toml",
    { env: () => undefined, readFile: () => "" },
  );
}

Deno.test("debug_log_request_shape logs one shape line per upstream request, without prompt text", async () => {
  const { server: upstream } = fakeOpenAI(chatCompletion({ content: "ok" }, "stop"));
  const lines: { message: string; properties?: Record<string, unknown> }[] = [];
  const record = (message: string, properties?: Record<string, unknown>) =>
    lines.push({ message, properties });
  try {
    const gateway = createHandler({
      config: upstreamConfig(upstream, "[prompt_cache]\ndebug_log_request_shape = true"),
      log: { debug: record, info: record, warn: record, error: record },
    });
    const res = await post(
      "/v1/chat/completions",
      {
        model: "m",
        messages: [{ role: "user", content: "SECRET-PROMPT-TEXT" }],
      },
      {},
      gateway,
    );
    assert.equal((await res.json()).choices[0].message.content, "ok");
    const shapes = lines.filter((l) => l.message === "upstream request shape");
    assert.equal(shapes.length, 1);
    assert.equal(shapes[0].properties?.model, "m");
    assert.ok(!JSON.stringify(lines).includes("SECRET-PROMPT-TEXT"));
    // With the shape log on, the local tokenizer's estimate joins the cache observation and
    // the token counters.
    const observation = lines.find((l) => l.message === "prompt cache observation");
    assert.equal(observation?.properties?.promptTokens, 3);
    const estimate = observation?.properties?.estimatedPromptTokens as number;
    assert.ok(estimate > 0, `estimate ${estimate}`);
    const metrics = await (await gateway(new Request("http://gw/metrics"))).text();
    assert.match(metrics, new RegExp(`type="estimated_input"[^\\n]*\\} ${estimate}\\n`));
  } finally {
    await upstream.shutdown();
  }
});

Deno.test("a stream the client abandons before reading is still recorded, as a 499", async () => {
  const records: { status: number; errorKind?: string; errorStatus?: number; stream: boolean }[] =
    [];
  const gateway = createHandler({
    config: loadConfig(toml, "test.toml", { env: () => undefined, readFile: () => "" }),
    observe: (record) => records.push({ ...record }),
  });
  const res = await gateway(
    new Request("http://gw/v1/chat/completions", {
      method: "POST",
      body: JSON.stringify({
        model: "echo-a",
        stream: true,
        messages: [{ role: "user", content: "hi" }],
      }),
    }),
  );
  assert.equal(res.status, 200);
  await res.body!.cancel();
  assert.equal(records.length, 1);
  assert.equal(records[0].stream, true);
  assert.equal(records[0].errorKind, "api_error");
  assert.equal(records[0].errorStatus, 499);
});

Deno.test("a provider's max_output_tokens caps what the client asked for", async () => {
  const { server: upstream, state } = fakeOpenAI(chatCompletion({ content: "ok" }, "stop"));
  try {
    const gateway = createHandler({
      config: upstreamConfig(upstream, "", "max_output_tokens = 16384"),
    });
    const ask = async (maxTokens: number) => {
      const res = await post(
        "/v1/messages",
        {
          model: "claude-opus-4-6",
          max_tokens: maxTokens,
          messages: [{ role: "user", content: "hi" }],
        },
        {},
        gateway,
      );
      assert.equal(res.status, 200);
      await res.body?.cancel();
      return state.received?.max_tokens;
    };
    assert.equal(await ask(64000), 16384);
    assert.equal(await ask(1000), 1000);
  } finally {
    await upstream.shutdown();
  }
});

Deno.test("an upstream that ignores stream:true and answers JSON still gives the client its stream", async () => {
  const call = { id: "call_1", type: "function", function: { name: "f", arguments: '{"a":1}' } };
  const { server: upstream } = fakeOpenAI(
    chatCompletion({ content: null, tool_calls: [call] }, "tool_calls"),
  );
  const gateway = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createHandler({ config: upstreamConfig(upstream) }),
  );
  try {
    const client = new Anthropic({
      apiKey: "x",
      baseURL: `http://127.0.0.1:${gateway.addr.port}`,
      maxRetries: 0,
    });
    const message = await client.messages.stream({
      model: "m",
      max_tokens: 100,
      tools: [{ name: "f", input_schema: { type: "object" } }],
      messages: [{ role: "user", content: "call f" }],
    }).finalMessage();
    assert.equal(message.stop_reason, "tool_use");
    assert.deepEqual(
      message.content.map((b) => b.type === "tool_use" ? [b.name, b.input] : b.type),
      [["f", { a: 1 }]],
    );
  } finally {
    await gateway.shutdown();
    await upstream.shutdown();
  }
});
