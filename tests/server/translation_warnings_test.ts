/**
 * The cases end to end: Claude Code's newer `thinking.display: "updates"` and an unknown
 * effort are answered (not 400) on a translated route, with the warnings logged and counted.
 */
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { routeTo, startConformance } from "../conformance/gateway.ts";

Deno.test('an Anthropic request with display "updates" and effort "ultra" is answered on a translated route, and the warnings are counted', async () => {
  const gw = await startConformance();
  try {
    const client = new Anthropic({ baseURL: gw.url, apiKey: "k", maxRetries: 0 });
    const message = await client.messages.create({
      model: routeTo("openai"),
      max_tokens: 256,
      messages: [{ role: "user", content: "SCENARIO:text" }],
      thinking: {
        type: "adaptive",
        display: "updates",
      } as unknown as Anthropic.ThinkingConfigParam,
      output_config: {
        effort: "ultra",
      } as unknown as Anthropic.MessageCreateParams["output_config"],
    });
    assert.equal(message.content[0].type, "text");
    const sent = JSON.stringify(gw.mock.requests.at(-1)?.body);
    assert.ok(!sent.includes("updates") && !sent.includes("ultra"), sent);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    const line = metrics.split("\n").find((l) =>
      l.startsWith("ferryllm_translation_warnings_total{") && l.includes('kind="field"')
    );
    assert.ok(line, metrics);
    assert.equal(Number(line.split(" ").at(-1)), 2, line);
  } finally {
    await gw.close();
  }
});

Deno.test("the same request to an Anthropic route reaches it byte-faithfully, without warnings", async () => {
  const gw = await startConformance();
  try {
    const res = await fetch(`${gw.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: routeTo("anthropic"),
        max_tokens: 256,
        messages: [{ role: "user", content: "SCENARIO:text" }],
        thinking: { type: "adaptive", display: "updates" },
        output_config: { effort: "ultra" },
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const body = gw.mock.requests.at(-1)?.body as Record<string, unknown>;
    assert.deepEqual(body.output_config, { effort: "ultra" });
    assert.equal((body.thinking as Record<string, unknown>).display, "updates");
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    assert.ok(!metrics.includes("ferryllm_translation_warnings_total{"), metrics);
  } finally {
    await gw.close();
  }
});
