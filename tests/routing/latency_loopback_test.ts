import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { chatJson, chatRequest, config, post } from "../ops/_support.ts";
import { seededRandom } from "../router/_support.ts";

/** A loopback OpenAI-compatible upstream answering after `delayMs`; counts its requests. */
function upstream(delayMs: number) {
  let count = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    await req.body?.cancel();
    count++;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return chatJson("ok");
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    count: () => count,
    close: () => server.shutdown(),
  };
}

Deno.test("the latency strategy prefers the faster of two loopback upstreams by at least 3:1", async () => {
  const fast = upstream(0);
  const slow = upstream(200);
  try {
    const loaded = config(`
[[providers]]
name = "fast"
type = "openai"
base_url = "${fast.url}"

[[providers]]
name = "slow"
type = "openai"
base_url = "${slow.url}"

[[routes]]
match = "*"
strategy = "latency"
targets = [{ provider = "slow" }, { provider = "fast" }]
`);
    // Real clock (time to first byte is what is measured); seeded choices.
    const handler = createHandler({ config: loaded, random: seededRandom(1) });
    for (let i = 0; i < 40; i++) {
      const res = await handler(post("/v1/chat/completions", chatRequest("m", "hi")));
      assert.equal(res.status, 200);
      await res.body?.cancel();
    }
    const ratio = fast.count() / Math.max(1, slow.count());
    assert.ok(ratio >= 3, `fast ${fast.count()} : slow ${slow.count()}`);
    assert.equal(fast.count() + slow.count(), 40);
  } finally {
    await fast.close();
    await slow.close();
  }
});
