import assert from "node:assert/strict";
import { describeRequestShape, type MessageShape } from "../../lib/policy/request_shape.ts";

const SECRET = "PURPLE-ELEPHANT-7731";
const info = { provider: "p", model: "gpt-x", stream: true };

const bodies: Record<string, unknown> = {
  openai: {
    model: "gpt-x",
    messages: [
      { role: "system", content: `sys ${SECRET}` },
      { role: "user", content: [{ type: "text", text: `hi ${SECRET}` }] },
      {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "c",
          type: "function",
          function: { name: "f", arguments: `{"q":"${SECRET}"}` },
        }],
      },
      { role: "tool", tool_call_id: "c", content: SECRET },
    ],
    tools: [{ type: "function", function: { name: "f", description: SECRET, parameters: {} } }],
    prompt_cache_key: "cc-abc",
    stream: true,
  },
  anthropic: {
    model: "claude-x",
    system: [{ type: "text", text: SECRET }],
    messages: [{
      role: "user",
      content: [{ type: "text", text: SECRET }, {
        type: "tool_result",
        tool_use_id: "t",
        content: SECRET,
      }],
    }],
    max_tokens: 10,
  },
  openai_responses: {
    model: "gpt-x",
    instructions: SECRET,
    input: [
      { type: "message", role: "user", content: [{ type: "input_text", text: SECRET }] },
      { type: "function_call", call_id: "c", name: "f", arguments: SECRET },
    ],
  },
  gemini: {
    systemInstruction: { parts: [{ text: SECRET }] },
    contents: [{
      role: "user",
      parts: [{ text: SECRET }, { inlineData: { mimeType: "image/png", data: SECRET } }],
    }],
    generationConfig: { temperature: 0 },
  },
  malformed: { messages: [{ role: SECRET + " with spaces", content: [{ type: `${SECRET} x` }] }] },
};

Deno.test("describeRequestShape never contains prompt text, for every protocol", () => {
  for (const [name, body] of Object.entries(bodies)) {
    const shape = JSON.stringify(describeRequestShape(body, info));
    assert.ok(JSON.stringify(body).includes(SECRET), `${name} fixture holds the marker`);
    assert.ok(!shape.includes(SECRET), `${name} shape leaked prompt text: ${shape}`);
    assert.ok(!shape.includes("PURPLE"), name);
  }
});

Deno.test("describeRequestShape lists roles, block types and sizes of OpenAI Chat bodies", () => {
  const shape = describeRequestShape(bodies.openai, info);
  assert.equal(shape.model, "gpt-x");
  assert.equal(shape.stream, true);
  assert.equal(shape.tool_count, 1);
  assert.equal(shape.messages_field, "messages");
  const messages = shape.messages as MessageShape[];
  assert.deepEqual(messages.map((m) => m.role), ["system", "user", "assistant", "tool"]);
  assert.match(messages[0].blocks[0], /^text:\d+:[0-9a-f]{8}$/);
  assert.match(messages[1].blocks[0], /^text:\d+:[0-9a-f]{8}$/);
  assert.equal(messages[2].blocks.length, 1);
  assert.match(messages[2].blocks[0], /^tool_call:\d+:[0-9a-f]{8}$/);
  assert.match(String((shape.fields as Record<string, string>).prompt_cache_key), /^[0-9a-f]{12}$/);
});

Deno.test("describeRequestShape reads Responses input items and Gemini parts", () => {
  const responses = describeRequestShape(bodies.openai_responses, info);
  const items = responses.messages as MessageShape[];
  assert.deepEqual(items.map((m) => m.role), ["user", "function_call"]);
  assert.match(items[0].blocks[0], /^input_text:/);
  assert.equal(typeof responses.system_hash, "string");

  const gemini = describeRequestShape(bodies.gemini, info);
  const contents = gemini.messages as MessageShape[];
  assert.match(contents[0].blocks[0], /^text:/);
  assert.match(contents[0].blocks[1], /^inlineData:/);
  assert.equal(gemini.messages_field, "contents");
  assert.equal(typeof gemini.system_hash, "string");
});

Deno.test("describeRequestShape hashes change exactly where two turns differ", () => {
  const turn1 = {
    model: "m",
    system: "stable",
    messages: [{ role: "user", content: "q1" }],
  };
  const turn2 = {
    model: "m",
    system: "stable",
    messages: [{ role: "user", content: "q1" }, { role: "assistant", content: "a1" }, {
      role: "user",
      content: "q2",
    }],
  };
  const a = describeRequestShape(turn1, info);
  const b = describeRequestShape(turn2, info);
  assert.equal(a.system_hash, b.system_hash);
  assert.equal((a.messages as MessageShape[])[0].hash, (b.messages as MessageShape[])[0].hash);
  assert.notEqual(a.body_hash, b.body_hash);
  const changed = describeRequestShape({ ...turn2, system: "changed" }, info);
  assert.notEqual(changed.system_hash, b.system_hash);
});

Deno.test("describeRequestShape copes with a body that is not an object", () => {
  const shape = describeRequestShape("just text", info);
  assert.equal(shape.provider, "p");
  assert.equal(typeof shape.body_hash, "string");
  assert.equal(shape.messages, undefined);
});
