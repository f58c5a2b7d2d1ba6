/**
 * `ferryllm mock-upstream` as a subprocess, judged by the official SDKs: whatever the load tests
 * measure, the mock must speak each protocol as its real provider does.
 */
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { runFerryllm, startFerryllm } from "../support/ferryllm_process.ts";

const TEXT = "word0 word1 word2 ";

Deno.test("mock-upstream: the first stdout line says where it listens; SIGTERM exits 0", async () => {
  const mock = await startFerryllm("mock-upstream", "--listen", "127.0.0.1:0");
  assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await fetch(`${mock.url}/healthz`);
  assert.equal(await health.text(), "ok\n");
  assert.equal(await mock.stop(), 0);
});

Deno.test("mock-upstream: all four protocols stream and answer JSON as their SDKs expect", async () => {
  const mock = await startFerryllm("mock-upstream", "--chunks", "3");
  try {
    const openai = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: "k", maxRetries: 0 });
    const chat = await openai.chat.completions.create({
      model: "gpt-x",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: unknown;
    for await (const chunk of chat) {
      text += chunk.choices[0]?.delta.content ?? "";
      usage = chunk.usage ?? usage;
    }
    assert.equal(text, TEXT);
    assert.deepEqual(usage, { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 });

    const responses = openai.responses.stream({ model: "gpt-x", input: "hi" });
    assert.equal((await responses.finalResponse()).output_text, TEXT);

    const anthropic = new Anthropic({ baseURL: mock.url, apiKey: "k", maxRetries: 0 });
    const message = await anthropic.messages.stream({
      model: "claude-x",
      max_tokens: 100,
      messages: [{ role: "user", content: "hi" }],
    }).finalMessage();
    assert.deepEqual(message.content, [{ type: "text", text: TEXT }]);
    assert.equal(message.stop_reason, "end_turn");

    const gemini = new GoogleGenAI({ apiKey: "k", httpOptions: { baseUrl: mock.url } });
    let geminiText = "";
    const stream = await gemini.models.generateContentStream({ model: "gemini-x", contents: "hi" });
    for await (const chunk of stream) geminiText += chunk.text ?? "";
    assert.equal(geminiText, TEXT);
    const whole = await gemini.models.generateContent({ model: "gemini-x", contents: "hi" });
    assert.equal(whole.text, TEXT);
    assert.equal(whole.usageMetadata?.totalTokenCount, 13);
  } finally {
    await mock.stop();
  }
});

Deno.test("mock-upstream --tool-calls answers with the request's first tool, arguments in pieces", async () => {
  const mock = await startFerryllm("mock-upstream", "--tool-calls", "--chunks", "4");
  try {
    const openai = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: "k", maxRetries: 0 });
    const tools = [{
      type: "function" as const,
      function: { name: "lookup", parameters: { type: "object", properties: {} } },
    }];
    const stream = await openai.chat.completions.create({
      model: "gpt-x",
      messages: [{ role: "user", content: "hi" }],
      tools,
      stream: true,
    });
    const pieces: string[] = [];
    let name = "";
    let finish: string | null = null;
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      name += call?.function?.name ?? "";
      if (call?.function?.arguments) pieces.push(call.function.arguments);
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(name, "lookup");
    assert.equal(pieces.length, 4);
    assert.equal(JSON.parse(pieces.join("")).city, "Paris");
    assert.equal(finish, "tool_calls");
  } finally {
    await mock.stop();
  }
});

Deno.test("mock-upstream faults: status in the protocol's shape, reset mid-body, hang until the client leaves", async () => {
  const statusMock = await startFerryllm("mock-upstream", "--fault", "status:429");
  const resetMock = await startFerryllm("mock-upstream", "--fault", "reset", "--chunks", "40");
  const hangMock = await startFerryllm("mock-upstream", "--fault", "hang");
  try {
    const anthropic = new Anthropic({ baseURL: statusMock.url, apiKey: "k", maxRetries: 0 });
    const error = await anthropic.messages.create({
      model: "claude-x",
      max_tokens: 10,
      messages: [{ role: "user", content: "hi" }],
    }).then(() => undefined, (e) => e);
    assert.ok(error instanceof Anthropic.RateLimitError);
    assert.equal(error.headers.get("retry-after"), "1");

    const reset = await fetch(`${resetMock.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "m", stream: true, messages: [] }),
    });
    assert.equal(reset.status, 200);
    await assert.rejects(reset.text());

    const hung = fetch(`${hangMock.url}/v1/messages`, {
      method: "POST",
      body: JSON.stringify({ model: "m", messages: [] }),
      signal: AbortSignal.timeout(300),
    });
    await assert.rejects(hung, (e: Error) => e.name === "TimeoutError");
  } finally {
    await Promise.all([statusMock.stop(), resetMock.stop(), hangMock.stop()]);
  }
});

Deno.test("mock-upstream --fault-rate spreads the fault evenly over requests", async () => {
  const mock = await startFerryllm("mock-upstream", "--fault", "503", "--fault-rate", "0.25");
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${mock.url}/v1/chat/completions`, {
        method: "POST",
        body: JSON.stringify({ model: "m", messages: [] }),
      });
      await res.body?.cancel();
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 503, 200, 200, 200, 503]);
  } finally {
    await mock.stop();
  }
});

Deno.test("mock-upstream --delay-ms (or MOCK_DELAY_MS) holds the headers back", async () => {
  const mock = await startFerryllm("mock-upstream", "--delay-ms", "150");
  try {
    const started = performance.now();
    const res = await fetch(`${mock.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "m", messages: [] }),
    });
    await res.body?.cancel();
    assert.ok(performance.now() - started >= 140, "answered before the delay");
  } finally {
    await mock.stop();
  }
});

Deno.test("mock-upstream: bad flags exit 2 with the usage", async () => {
  for (
    const args of [["--chunks", "0"], ["--fault", "explode"], ["--listen", "nowhere"], ["--x"]]
  ) {
    const { code, stderr } = await runFerryllm("mock-upstream", ...args);
    assert.equal(code, 2, args.join(" "));
    assert.match(stderr, /usage:\n {2}ferryllm mock-upstream/);
  }
  const help = await runFerryllm("mock-upstream", "--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--chunk-delay-ms/);
});
