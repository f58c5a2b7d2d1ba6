/**
 * The mock's routing, recording and scenarios that the SDK suites do not reach: the real-CLI
 * tool round trip, JSON-schema answers, error statuses, images, chunk counts, in-stream errors.
 */
import assert from "node:assert/strict";
import { MOCK, type MockUpstream } from "../support/mock_upstream/mod.ts";
import { withMock } from "./with_mock.ts";

async function post(mock: MockUpstream, path: string, body: unknown, headers = {}) {
  const res = await fetch(mock.url + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { res, text: await res.text() };
}

const bashSchema = {
  type: "object",
  properties: {
    command: { type: "string" },
    description: { type: "string" },
    timeout: { type: "number" },
  },
  required: ["command"],
};

Deno.test("mock records path, query, lower-case headers, body and protocol", async () => {
  await withMock(async (mock) => {
    const body = { model: "c", max_tokens: 5, messages: [{ role: "user", content: "hi" }] };
    await post(mock, "/v1/messages?beta=true", body, { "X-Api-Key": "dummy" });
    assert.deepEqual(mock.requests.map((r) => [r.method, r.path, r.search, r.protocol]), [
      ["POST", "/v1/messages", "?beta=true", "anthropic"],
    ]);
    assert.equal(mock.requests[0].headers["x-api-key"], "dummy");
    assert.deepEqual(mock.requests[0].body, body);
  });
});

Deno.test("mock answers model lists in the caller's protocol and 404s unknown routes", async () => {
  await withMock(async (mock) => {
    const openai = await (await fetch(`${mock.url}/v1/models`)).json();
    assert.equal(openai.object, "list");
    const anthropic = await (await fetch(`${mock.url}/v1/models`, {
      headers: { "anthropic-version": "2023-06-01" },
    })).json();
    assert.equal(anthropic.data[0].type, "model");
    assert.equal(mock.requests[1].protocol, "anthropic");
    const missing = await post(mock, "/v1/nowhere", {});
    assert.equal(missing.res.status, 404);
  });
});

Deno.test("Gemini streamGenerateContent without alt=sse is one JSON array of responses", async () => {
  await withMock(async (mock) => {
    const body = { contents: [{ role: "user", parts: [{ text: "SCENARIO:text" }] }] };
    const { res, text } = await post(mock, "/v1beta/models/g:streamGenerateContent", body);
    assert.equal(res.headers.get("content-type"), "application/json");
    const frames = JSON.parse(text);
    assert.ok(Array.isArray(frames) && frames.length >= 3);
    const joined = frames.map((f: { candidates: { content: { parts: { text: string }[] } }[] }) =>
      f.candidates[0].content.parts[0].text
    ).join("");
    assert.equal(joined, "Hello from mock gemini!");
    assert.equal(frames.at(-1).candidates[0].finishReason, "STOP");
  });
});

Deno.test("E2E_TOOL calls each real CLI's shell tool, then echoes the tool result", async () => {
  await withMock(async (mock) => {
    const claude = await post(mock, "/v1/messages?beta=true", {
      model: "c",
      max_tokens: 9,
      tools: [{ name: "Agent", input_schema: {} }, { name: "Bash", input_schema: bashSchema }],
      messages: [{ role: "user", content: [{ type: "text", text: "run it E2E_TOOL" }] }],
    });
    const message = JSON.parse(claude.text);
    assert.deepEqual(message.content[0].input, { command: "echo hi", description: "Print hi" });
    assert.equal(message.content[0].name, "Bash");
    const codex = await post(mock, "/v1/responses", {
      model: "gpt",
      input: [{
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "E2E_TOOL" }],
      }],
      tools: [{
        type: "function",
        name: "exec_command",
        parameters: { type: "object", properties: { cmd: { type: "string" } } },
      }],
    });
    assert.equal(JSON.parse(codex.text).output[0].arguments, JSON.stringify({ cmd: "echo hi" }));
    const followUp = await post(mock, "/v1/messages", {
      model: "c",
      max_tokens: 9,
      messages: [
        { role: "user", content: "E2E_TOOL" },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "toolu_mock_1", name: "Bash", input: {} }],
        },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "toolu_mock_1",
              content: "hi\n\n<system-reminder>x</system-reminder>",
            },
            { type: "text", text: "<system-reminder>ignored</system-reminder>" },
          ],
        },
      ],
    });
    assert.equal(
      JSON.parse(followUp.text).content[0].text,
      "TOOL_RESULT_SEEN: hi  <system-reminder>x</system-reminder>",
    );
  });
});

Deno.test("Gemini CLI's router call gets JSON conforming to its upper-case schema", async () => {
  await withMock(async (mock) => {
    const schema = {
      type: "OBJECT",
      properties: {
        reasoning: { type: "STRING" },
        model_choice: { type: "STRING" },
        complexity_score: { type: "INTEGER" },
      },
      required: ["reasoning", "model_choice", "complexity_score"],
    };
    const { text } = await post(mock, "/v1beta/models/flash-lite:generateContent", {
      contents: [{ role: "user", parts: [{ text: "E2E_TOOL route this" }] }],
      generationConfig: { responseMimeType: "application/json", responseJsonSchema: schema },
    });
    const answer = JSON.parse(JSON.parse(text).candidates[0].content.parts[0].text);
    assert.deepEqual(answer, { reasoning: "flash", model_choice: "flash", complexity_score: 1 });
  });
});

Deno.test("error scenarios use each protocol's status, envelope and retry-after", async () => {
  await withMock(async (mock) => {
    const chat = { model: "m", messages: [{ role: "user", content: "SCENARIO:error429" }] };
    const limited = await post(mock, "/v1/chat/completions", chat);
    assert.equal(limited.res.status, 429);
    assert.equal(limited.res.headers.get("retry-after"), "7");
    assert.equal(JSON.parse(limited.text).error.message, MOCK.error429);
    const overloaded = await post(mock, "/v1/messages", {
      model: "c",
      max_tokens: 1,
      messages: [{ role: "user", content: "SCENARIO:error529" }],
    });
    assert.equal(overloaded.res.status, 529);
    assert.equal(JSON.parse(overloaded.text).error.type, "overloaded_error");
    const gemini = await post(mock, "/v1beta/models/g:generateContent", {
      contents: [{ role: "user", parts: [{ text: "SCENARIO:error529" }] }],
    });
    assert.equal(gemini.res.status, 503);
    assert.equal(JSON.parse(gemini.text).error.status, "UNAVAILABLE");
  });
});

Deno.test("image scenario describes each image the mock received", async () => {
  await withMock(async (mock) => {
    const png = btoa("0123456789");
    const { text } = await post(mock, "/v1/chat/completions", {
      model: "m",
      messages: [{
        role: "user",
        content: [
          { type: "text", text: "SCENARIO:image" },
          { type: "image_url", image_url: { url: `data:image/png;base64,${png}` } },
        ],
      }],
    });
    assert.equal(JSON.parse(text).choices[0].message.content, "image:image/png:10");
  });
});

Deno.test("chunks50 streams fifty text deltas; stream_error ends with the protocol's error frame", async () => {
  await withMock(async (mock) => {
    const body = {
      model: "m",
      stream: true,
      messages: [{ role: "user", content: "SCENARIO:chunks50" }],
    };
    const { text } = await post(mock, "/v1/chat/completions", body);
    const contents = text.split("\n\n").filter((f) => f.includes('"content":"w'));
    assert.equal(contents.length, 50);
    assert.ok(text.endsWith("data: [DONE]\n\n"));
    const failing = await post(mock, "/v1/messages", {
      model: "c",
      max_tokens: 9,
      stream: true,
      messages: [{ role: "user", content: "SCENARIO:stream_error" }],
    });
    assert.ok(
      failing.text.endsWith(
        `event: error\ndata: ${
          JSON.stringify({
            type: "error",
            error: { type: "overloaded_error", message: MOCK.streamError },
          })
        }\n\n`,
      ),
    );
    assert.ok(!failing.text.includes("message_stop"));
  });
});
