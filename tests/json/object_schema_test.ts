import assert from "node:assert/strict";
import { asObjectSchema } from "../../lib/json/object_schema.ts";
import { openaiAdapter } from "../../lib/protocols/openai/upstream/mod.ts";
import type { AdapterContext } from "../../lib/protocols/adapter.ts";

Deno.test("asObjectSchema fills in what OpenAI requires and leaves complete schemas alone", () => {
  assert.deepEqual(asObjectSchema({}), { type: "object", properties: {} });
  const bare = { type: "object" };
  assert.equal(asObjectSchema(bare), bare);
  const full = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
  assert.equal(asObjectSchema(full), full);
  const union = { anyOf: [{ type: "string" }, { type: "number" }] };
  assert.equal(asObjectSchema(union), union);
});

Deno.test("Claude Code's empty-schema placeholder tool reaches OpenAI as an object schema", () => {
  const ctx = {
    provider: { name: "p", type: "openai", base_url: "https://x.test" },
    origin: { protocol: "openai", provider: "p", model: "m" },
    clientHeaders: new Headers(),
    clientProtocol: "anthropic",
    newId: (p: string) => `${p}1`,
    now: () => 0,
  } as AdapterContext;
  const body = openaiAdapter.encodeRequest({
    model: "m",
    system: [],
    stream: false,
    messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
    tools: [{ name: "DeferredToolPlaceholder", inputSchema: {} }],
  }, ctx).value.body as { tools: { function: { parameters: unknown } }[] };
  assert.deepEqual(body.tools[0].function.parameters, { type: "object", properties: {} });
});
