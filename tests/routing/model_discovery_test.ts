import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { config } from "../ops/_support.ts";

const TOML = `
[[providers]]
name = "claude"
type = "echo"
models = ["claude-sonnet-4-6", "claude-opus-4-6", "gpt-5.5"]

[[providers]]
name = "gemini"
type = "echo"
models = ["gemini-3-pro", "gemini-3-flash"]

[[providers]]
name = "pool-a"
type = "echo"
models = ["pooled-1", "other-1"]

[[routes]]
match = "claude-"
provider = "claude"

[[routes]]
match = "gemini-3-pro"
match_type = "exact"
provider = "gemini"

[[routes]]
match = "pooled-"
targets = [{ provider = "pool-a", model = "x" }, { provider = "claude", model = "y" }]

[[routes]]
match = "haiku-"
provider = "claude"
list_as = ["haiku-4-5", "haiku-fast"]

[[routes]]
match = "vision-"
provider = "gemini"
list_as = ["vision-only-when-images"]
when = { has_images = true }
`;

const handler = createHandler({ config: config(TOML), now: () => 1_700_000_000_000 });
const get = (path: string, headers: Record<string, string> = {}) =>
  handler(new Request(`http://gw${path}`, { headers }));

const ROUTABLE = [
  "claude-opus-4-6",
  "claude-sonnet-4-6",
  "gemini-3-pro",
  "haiku-4-5",
  "haiku-fast",
  "pooled-1",
];

Deno.test("GET /v1/models lists exact routes, list_as names and provider models a prefix takes", async () => {
  const body = await (await get("/v1/models")).json();
  assert.deepEqual(body.data.map((m: { id: string }) => m.id), ROUTABLE);
  // gpt-5.5 and gemini-3-flash are served by a provider but no route takes them; a name only a
  // conditional route takes would 404 on requests without the condition.
});

Deno.test("every listed name routes: asking for it never gets a 404", async () => {
  for (const id of ROUTABLE) {
    const res = await handler(
      new Request("http://gw/v1/chat/completions", {
        method: "POST",
        body: JSON.stringify({ model: id, messages: [{ role: "user", content: "hi" }] }),
      }),
    );
    assert.equal(res.status, 200, id);
    await res.body?.cancel();
  }
});

Deno.test("the Anthropic listing pages with limit and after_id, the way Claude Code asks", async () => {
  const v = { "anthropic-version": "2023-06-01" };
  const all = await (await get("/v1/models?limit=1000", v)).json();
  assert.deepEqual(all.data.map((m: { id: string }) => m.id), ROUTABLE);
  assert.equal(all.has_more, false);
  assert.equal(all.data[0].type, "model");
  const first = await (await get("/v1/models?limit=2", v)).json();
  assert.deepEqual(first.data.map((m: { id: string }) => m.id), ROUTABLE.slice(0, 2));
  assert.equal(first.has_more, true);
  assert.equal(first.last_id, ROUTABLE[1]);
  const next = await (await get(`/v1/models?limit=2&after_id=${first.last_id}`, v)).json();
  assert.deepEqual(next.data.map((m: { id: string }) => m.id), ROUTABLE.slice(2, 4));
});

Deno.test("the Gemini listing pages with pageSize and pageToken", async () => {
  const first = await (await get("/v1beta/models?pageSize=4")).json();
  assert.deepEqual(
    first.models.map((m: { name: string }) => m.name),
    ROUTABLE.slice(0, 4).map((id) => `models/${id}`),
  );
  assert.equal(first.nextPageToken, "4");
  const rest = await (await get(`/v1beta/models?pageSize=4&pageToken=4`)).json();
  assert.equal(rest.models.length, 2);
  assert.equal(rest.nextPageToken, undefined);
});

Deno.test("one model by id: found in each shape, 404 for a name that would not route", async () => {
  const openai = await (await get("/v1/models/haiku-4-5")).json();
  assert.deepEqual([openai.id, openai.object], ["haiku-4-5", "model"]);
  const anthropic = await (await get("/v1/models/claude-opus-4-6", {
    "anthropic-version": "2023-06-01",
  })).json();
  assert.equal(anthropic.type, "model");
  const gemini = await (await get("/v1beta/models/gemini-3-pro")).json();
  assert.equal(gemini.name, "models/gemini-3-pro");
  const missing = await get("/v1/models/gpt-5.5");
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, "model_not_found");
  const missingGemini = await get("/v1beta/models/gemini-3-flash");
  assert.equal(missingGemini.status, 404);
  await missingGemini.body?.cancel();
});
