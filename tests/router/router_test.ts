import assert from "node:assert/strict";
import { routeSchema } from "../../lib/config/schema.ts";
import { createRouter } from "../../lib/router/router.ts";

const routes = [
  { match: "*", provider: "fallback" },
  { match: "claude-", provider: "a", rewrite_model: "gpt-5.5" },
  { match: "claude-opus", provider: "b" },
  { match: "claude-opus-4-6", match_type: "exact", provider: "c", fallback_providers: ["a"] },
].map((r) => routeSchema.parse(r));

Deno.test("exact beats prefix, longest prefix wins, * comes last", () => {
  const route = createRouter(routes);
  assert.equal(route("claude-opus-4-6")?.provider, "c");
  assert.deepEqual(route("claude-opus-4-6")?.fallbackProviders, ["a"]);
  assert.equal(route("claude-opus-4-7")?.provider, "b");
  assert.equal(route("claude-sonnet")?.provider, "a");
  assert.equal(route("gemini-3")?.provider, "fallback");
  assert.equal(route("gemini-3")?.matchType, "catch_all");
});

Deno.test("rewrite_model changes only the upstream model", () => {
  const hit = createRouter(routes)("claude-sonnet-5-5")!;
  assert.equal(hit.clientModel, "claude-sonnet-5-5");
  assert.equal(hit.upstreamModel, "gpt-5.5");
});

Deno.test("a model with no route resolves to nothing", () => {
  assert.equal(createRouter(routes.slice(1))("gpt-5"), undefined);
});
