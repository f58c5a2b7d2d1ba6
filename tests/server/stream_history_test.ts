/**
 * Streamed Responses turns chain by `previous_response_id` like non-streamed ones, whatever
 * protocol the upstream speaks, and however the client stops reading after the terminal event.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { routeTo, startConformance } from "../conformance/gateway.ts";
import type { ProtocolId } from "../../lib/ir/content.ts";

const TRANSLATED: ProtocolId[] = ["openai", "anthropic", "gemini"];

/** The text of every user turn the upstream received in its latest request. */
function lastUpstreamBody(mock: { requests: { body: unknown }[] }): string {
  return JSON.stringify(mock.requests.at(-1)?.body);
}

for (const upstream of TRANSLATED) {
  Deno.test(`a streamed Responses turn read to its end chains by previous_response_id (${upstream} upstream)`, async () => {
    const gw = await startConformance();
    try {
      const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: "k", maxRetries: 0 });
      const stream = await client.responses.create({
        model: routeTo(upstream),
        input: "SCENARIO:text first-turn-marker",
        stream: true,
      });
      let id = "";
      for await (const event of stream) {
        if (event.type === "response.completed") id = event.response.id;
      }
      assert.match(id, /^resp_/);
      const second = await client.responses.create({
        model: routeTo(upstream),
        previous_response_id: id,
        input: "SCENARIO:text second",
      });
      assert.equal(second.status, "completed");
      assert.ok(lastUpstreamBody(gw.mock).includes("first-turn-marker"));
      assert.ok(lastUpstreamBody(gw.mock).includes(`Hello from mock ${upstream}!`));
    } finally {
      await gw.close();
    }
  });

  Deno.test(`a streamed Responses turn chains when the client hangs up right after response.completed (${upstream} upstream)`, async () => {
    const gw = await startConformance();
    try {
      const res = await fetch(`${gw.url}/v1/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: routeTo(upstream),
          input: "SCENARIO:text hangup-marker",
          stream: true,
        }),
      });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = "";
      for (let i = 0; i < 1000 && !text.includes("response.completed"); i++) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      await reader.cancel();
      const id = /"id":"(resp_[^"]+)"/.exec(text)?.[1];
      assert.ok(id, text);
      const next = await fetch(`${gw.url}/v1/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: routeTo(upstream),
          previous_response_id: id,
          input: "SCENARIO:text again",
          stream: true,
        }),
      });
      assert.equal(next.status, 200);
      const body = await next.text();
      assert.ok(body.includes("response.completed"), body);
      assert.ok(lastUpstreamBody(gw.mock).includes("hangup-marker"));
    } finally {
      await gw.close();
    }
  });
}
