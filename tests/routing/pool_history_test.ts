import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { startMockUpstream } from "../support/mock_upstream/mod.ts";
import { config } from "../ops/_support.ts";

Deno.test("Responses history survives a pool that fails over from a Responses target to a Chat one", async () => {
  const mock = await startMockUpstream();
  try {
    const loaded = config(`
[[providers]]
name = "responses"
type = "openai_responses"
base_url = "${mock.url}"

[[providers]]
name = "chat"
type = "openai"
base_url = "${mock.url}"

[[routes]]
match = "*"
targets = [{ provider = "responses", weight = 1 }, { provider = "chat", weight = 1 }]
`);
    let responsesDown = false;
    const fetchFn = ((input: RequestInfo | URL, init?: RequestInit) => {
      if (responsesDown && String(input).endsWith("/v1/responses")) {
        return Promise.resolve(Response.json({ error: { message: "down" } }, { status: 503 }));
      }
      return fetch(input, init);
    }) as typeof fetch;
    const handler = createHandler({ config: loaded, fetch: fetchFn, random: () => 0 });
    const ask = (body: Record<string, unknown>) =>
      handler(
        new Request("http://gw/v1/responses", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "m", ...body }),
        }),
      );
    const first = await ask({ input: "remember the word PELICAN" });
    assert.equal(first.status, 200);
    const firstId = (await first.json()).id;
    assert.equal(mock.requests.at(-1)!.protocol, "openai_responses");

    responsesDown = true;
    const second = await ask({ input: "what was the word?", previous_response_id: firstId });
    const text = await second.clone().text();
    assert.equal(second.status, 200, text);
    const last = mock.requests.at(-1)!;
    assert.equal(last.protocol, "openai", "the Chat target answered");
    assert.match(JSON.stringify(last.body), /PELICAN/, "with the earlier turn inlined");
  } finally {
    await mock.close();
  }
});
