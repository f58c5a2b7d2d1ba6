/**
 * Gemini `:countTokens` and Responses `/v1/responses/input_tokens`: passed through to an
 * upstream of the same protocol, estimated locally otherwise, in each protocol's own shape as
 * its official SDK reads it.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { GoogleGenAI } from "@google/genai";
import { routeTo, startConformance, UPSTREAM_MODEL } from "../conformance/gateway.ts";
import { loadConfig } from "../../lib/config/load.ts";
import { createHandler } from "../../lib/server/handler.ts";
import { capturedLog } from "../support/log_capture.ts";

const LONG = "The quick brown fox jumps over the lazy dog. ".repeat(40);

Deno.test("Responses input_tokens: the SDK reads a local estimate for a non-Responses route", async () => {
  const gw = await startConformance();
  try {
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: "k", maxRetries: 0 });
    const short = await client.responses.inputTokens.count({
      model: routeTo("anthropic"),
      input: "hi",
    });
    const long = await client.responses.inputTokens.count({
      model: routeTo("anthropic"),
      input: LONG,
    });
    assert.equal(short.object, "response.input_tokens");
    assert.ok(short.input_tokens > 0 && long.input_tokens > short.input_tokens * 10);
    assert.equal(gw.mock.requests.length, 0, "estimated without calling the upstream");
  } finally {
    await gw.close();
  }
});

Deno.test("Responses input_tokens passes through to a Responses upstream with the routed model", async () => {
  const gw = await startConformance();
  try {
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: "k", maxRetries: 0 });
    const body = { model: routeTo("openai_responses"), input: LONG, instructions: "Be brief." };
    const counted = await client.responses.inputTokens.count(body);
    const sent = gw.mock.requests.at(-1)!;
    assert.equal(sent.path, "/v1/responses/input_tokens");
    assert.deepEqual(sent.body, { ...body, model: UPSTREAM_MODEL });
    assert.equal(sent.headers.authorization, "Bearer test");
    // The mock's own count (length / 4), not the gateway's estimate.
    assert.equal(counted.input_tokens, Math.ceil(JSON.stringify(sent.body).length / 4));
  } finally {
    await gw.close();
  }
});

Deno.test("Gemini countTokens: the SDK reads a local estimate for a non-Gemini route", async () => {
  const gw = await startConformance();
  try {
    const ai = new GoogleGenAI({ apiKey: "k", httpOptions: { baseUrl: gw.url } });
    const short = await ai.models.countTokens({ model: routeTo("openai"), contents: "hi" });
    const long = await ai.models.countTokens({ model: routeTo("openai"), contents: LONG });
    assert.ok(short.totalTokens! > 0 && long.totalTokens! > short.totalTokens! * 10);
    assert.equal(gw.mock.requests.length, 0);
  } finally {
    await gw.close();
  }
});

Deno.test("Gemini countTokens passes through to a Gemini upstream under the routed model", async () => {
  const gw = await startConformance();
  try {
    const ai = new GoogleGenAI({ apiKey: "k", httpOptions: { baseUrl: gw.url } });
    const counted = await ai.models.countTokens({ model: routeTo("gemini"), contents: LONG });
    const sent = gw.mock.requests.at(-1)!;
    assert.match(sent.path, new RegExp(`/models/${UPSTREAM_MODEL}:countTokens$`));
    assert.equal(sent.headers["x-goog-api-key"], "test");
    assert.equal(counted.totalTokens, Math.ceil(JSON.stringify(sent.body).length / 4));
  } finally {
    await gw.close();
  }
});

Deno.test("generateContentRequest counts system and tools too, and a bad body is a 400 in Gemini's shape", async () => {
  const gw = await startConformance();
  try {
    const post = (body: unknown) =>
      fetch(`${gw.url}/v1beta/models/${routeTo("anthropic")}:countTokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const bare = await (await post({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }))
      .json();
    const full = await (await post({
      generateContentRequest: {
        model: `models/${routeTo("anthropic")}`,
        systemInstruction: { parts: [{ text: LONG }] },
        contents: [{ role: "user", parts: [{ text: "hi" }] }],
      },
    })).json();
    assert.ok(full.totalTokens > bare.totalTokens * 10, JSON.stringify({ bare, full }));
    const bad = await post({ contents: "nope" });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.status, "INVALID_ARGUMENT");
  } finally {
    await gw.close();
  }
});

Deno.test("an upstream count that is not a count is a 502, and one that hangs a 504, in each protocol's shape", async () => {
  const config = loadConfig(
    `
[server]
request_timeout_secs = 1

[[providers]]
name = "g"
type = "gemini"
base_url = "http://127.0.0.1:9"
api_key = "k"

[[providers]]
name = "r"
type = "openai_responses"
base_url = "http://127.0.0.1:9"
api_key = "k"

[[routes]]
match = "gem"
provider = "g"

[[routes]]
match = "resp"
provider = "r"
`,
    "t.toml",
    { env: () => undefined, readFile: () => "" },
  );
  const answering = (answer: () => Promise<Response>) =>
    createHandler({ config, log: capturedLog().log, fetch: () => answer() });
  const hang = (_: unknown, init?: RequestInit) =>
    new Promise<Response>((_, reject) =>
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))
    );
  const cases: [string, unknown, number, (body: Record<string, unknown>) => boolean][] = [
    [
      "/v1beta/models/gem-1:countTokens",
      { contents: [{ parts: [{ text: "x" }] }] },
      502,
      (b) => (b.error as { code: number }).code === 502,
    ],
    [
      "/v1/responses/input_tokens",
      { model: "resp-1", input: "x" },
      502,
      (b) => typeof (b.error as { message: string }).message === "string",
    ],
  ];
  for (const [path, body, status, shaped] of cases) {
    const bad = answering(() => Promise.resolve(Response.json({ nope: 1 })));
    const res = await bad(
      new Request(`http://gw${path}`, { method: "POST", body: JSON.stringify(body) }),
    );
    const got = await res.json();
    assert.equal(res.status, status, JSON.stringify(got));
    assert.ok(shaped(got), JSON.stringify(got));
    const slow = createHandler({ config, log: capturedLog().log, fetch: hang as typeof fetch });
    const started = performance.now();
    const timed = await slow(
      new Request(`http://gw${path}`, { method: "POST", body: JSON.stringify(body) }),
    );
    await timed.body?.cancel();
    assert.equal(timed.status, 504);
    assert.ok(performance.now() - started < 4000);
  }
});
