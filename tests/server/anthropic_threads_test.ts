/**
 * Anthropic message threads through the gateway, judged by the SDK's own tool runner, which
 * threads by default: its second turn sends only the tool result with `thread: {type:
 * "continue"}` and no tools.
 */
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { routeTo, startConformance } from "../conformance/gateway.ts";
import type { ProtocolId } from "../../lib/ir/content.ts";

const TRANSLATED: ProtocolId[] = ["openai", "openai_responses", "gemini"];

const weather = {
  name: "get_weather",
  description: "Weather for a city.",
  input_schema: {
    type: "object" as const,
    properties: { city: { type: "string" } },
    required: ["city"],
  },
  run: () => "sunny, 21 C",
  parse: (input: unknown) => input,
};

/** A client whose request bodies are kept, to see what the SDK sent. */
function recordingClient(url: string, sent: Record<string, unknown>[]): Anthropic {
  return new Anthropic({
    baseURL: url,
    apiKey: "k",
    maxRetries: 0,
    fetch: (input, init) => {
      if (typeof init?.body === "string") sent.push(JSON.parse(init.body));
      return fetch(input, init);
    },
  });
}

for (const upstream of TRANSLATED) {
  for (const stream of [false, true]) {
    Deno.test(`the SDK tool runner continues a thread through the gateway (${upstream} upstream, stream: ${stream})`, async () => {
      const gw = await startConformance();
      try {
        const sent: Record<string, unknown>[] = [];
        const client = recordingClient(gw.url, sent);
        const runner = client.beta.messages.toolRunner({
          model: routeTo(upstream),
          max_tokens: 512,
          messages: [{ role: "user", content: "SCENARIO:tool thread-marker" }],
          tools: [weather],
          max_iterations: 3,
          ...(stream ? { stream: true as const } : {}),
        });
        const final = await runner.runUntilDone();
        const text = final.content.flatMap((b) => b.type === "text" ? [b.text] : []).join("");
        assert.equal(text, "TOOL_RESULT_SEEN: sunny, 21 C");
        // The SDK did thread: a create, then a continue with only the tool result and no tools.
        assert.deepEqual(sent[0].thread, { type: "create" });
        const cont = sent[1];
        assert.equal((cont.thread as { type: string }).type, "continue");
        assert.equal(cont.tools, undefined);
        assert.equal((cont.messages as unknown[]).length, 1);
        // The upstream got the whole conversation back, with the tools the thread was made with.
        const last = JSON.stringify(gw.mock.requests.at(-1)?.body);
        assert.ok(last.includes("thread-marker"), last);
        assert.ok(last.includes("get_weather"), last);
        assert.ok(
          !last.includes("message-threads"),
          "no thread field or beta toward a translated upstream",
        );
      } finally {
        await gw.close();
      }
    });
  }
}

Deno.test("a continuation the gateway does not hold is the API's thread_not_found, which the SDK recognises", async () => {
  const gw = await startConformance();
  try {
    const client = new Anthropic({ baseURL: gw.url, apiKey: "k", maxRetries: 0 });
    const error = await client.beta.messages.create({
      model: routeTo("openai"),
      max_tokens: 64,
      messages: [{
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "x" }],
      }],
      thread: { type: "continue", previous_message_id: "msg_nowhere" },
      betas: ["message-threads-2026-08-12"],
    }).then(() => undefined, (e) => e);
    assert.ok(error instanceof Anthropic.APIError, String(error));
    assert.equal(error.status, 404);
    assert.equal((error as { errorCode?: string }).errorCode, "thread_not_found");
    assert.equal(gw.mock.requests.length, 0, "nothing reached the upstream");
  } finally {
    await gw.close();
  }
});

Deno.test("threads pass through untouched to an Anthropic upstream", async () => {
  const gw = await startConformance();
  try {
    const res = await fetch(`${gw.url}/v1/messages`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "anthropic-beta": "message-threads-2026-08-12",
      },
      body: JSON.stringify({
        model: routeTo("anthropic"),
        max_tokens: 64,
        messages: [{
          role: "user",
          content: [{ type: "tool_result", tool_use_id: "toolu_up", content: "SCENARIO:text" }],
        }],
        thread: { type: "continue", previous_message_id: "msg_upstream_1" },
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const got = gw.mock.requests.at(-1)!;
    const body = got.body as Record<string, unknown>;
    assert.deepEqual(body.thread, { type: "continue", previous_message_id: "msg_upstream_1" });
    assert.equal((body.messages as unknown[]).length, 1);
    assert.equal(got.headers["anthropic-beta"], "message-threads-2026-08-12");
  } finally {
    await gw.close();
  }
});

Deno.test("a continued response cannot be continued again: the thread moved on, and the SDK replays", async () => {
  const gw = await startConformance();
  try {
    const client = new Anthropic({ baseURL: gw.url, apiKey: "k", maxRetries: 0 });
    const model = routeTo("gemini");
    const first = await client.beta.messages.create({
      model,
      max_tokens: 64,
      messages: [{ role: "user", content: "SCENARIO:text one" }],
      thread: { type: "create" },
    });
    const continueFrom = (id: string) =>
      client.beta.messages.create({
        model,
        max_tokens: 64,
        messages: [{ role: "user", content: "SCENARIO:text again" }],
        thread: { type: "continue", previous_message_id: id },
      });
    const second = await continueFrom(first.id);
    assert.notEqual(second.id, first.id);
    const upstream = JSON.stringify(gw.mock.requests.at(-1)?.body);
    assert.ok(upstream.includes("one") && upstream.includes("again"), upstream);
    const again = await continueFrom(first.id).then(() => undefined, (e) => e);
    assert.equal((again as { errorCode?: string }).errorCode, "thread_not_found");
    await continueFrom(second.id); // the thread lives on under the newest id
  } finally {
    await gw.close();
  }
});
