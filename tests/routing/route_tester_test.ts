import assert from "node:assert/strict";
import { routeCommand } from "../../lib/cli/route_command.ts";
import { guessProtocol } from "../../lib/router/route_tester.ts";
import { createHandler } from "../../lib/server/handler.ts";
import { config } from "../ops/_support.ts";

const TOML = `
[[providers]]
name = "anthropic"
type = "echo"

[[providers]]
name = "gemini"
type = "echo"

[[providers]]
name = "cheap"
type = "echo"

[[routes]]
match = "claude-"
provider = "gemini"
rewrite_model = "gemini-3-pro"
[routes.when]
min_input_tokens = 1000

[[routes]]
match = "claude-"
provider = "cheap"
rewrite_model = "gpt-5.5-mini"
[routes.when]
header = { "x-ferry-scenario" = "background" }

[[routes]]
match = "claude-"
targets = [{ provider = "anthropic", weight = 3 }, { provider = "cheap", model = "m2", weight = 1 }]
`;

const loaded = config(TOML);
const ADMIN = "admin-secret-key";
const handler = createHandler({
  config: loaded,
  env: (n) => (n === "FERRYLLM_ADMIN_KEY" ? ADMIN : undefined),
});
const ask = (body: unknown, query = "", headers: Record<string, string> = {}) =>
  handler(
    new Request(`http://gw/admin/route${query}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}`, ...headers },
      body: JSON.stringify(body),
    }),
  );

const anthropicBody = (text: string) => ({
  model: "claude-sonnet-4-6",
  max_tokens: 100,
  system: "you are Claude Code",
  messages: [{ role: "user", content: text }],
});

Deno.test("POST /admin/route says provider, model and the rule, for a conditional match", async () => {
  const res = await ask(anthropicBody("x".repeat(8000)));
  assert.equal(res.status, 200);
  const answer = await res.json();
  assert.equal(answer.protocol, "anthropic");
  assert.equal(answer.provider, "gemini");
  assert.equal(answer.upstream_model, "gemini-3-pro");
  assert.equal(answer.match_type, "conditional");
  assert.match(answer.rule, /^routes\[0\] .*input tokens >= 1000/);
  assert.ok(answer.facts.input_tokens_estimate >= 2000);
  assert.match(answer.because, /because routes\[0\]/);
});

Deno.test("the tester's headers stand in for the client's; skipped conditional routes are named", async () => {
  const background = await (await ask(anthropicBody("hi"), "", {
    "x-ferry-scenario": "background",
  })).json();
  assert.equal(background.provider, "cheap");
  assert.equal(background.upstream_model, "gpt-5.5-mini");
  assert.equal(background.skipped.length, 1, "routes[0] was tried and not met");

  const plain = await (await ask(anthropicBody("hi"))).json();
  assert.equal(plain.match_type, "prefix");
  assert.equal(plain.provider, "anthropic");
  assert.deepEqual(
    plain.targets.map((t: { provider: string; weight: number }) => [t.provider, t.weight]),
    [["anthropic", 3], ["cheap", 1]],
  );
  assert.equal(plain.targets[0].state, "available");
  assert.equal(plain.skipped.length, 2);
});

Deno.test("bodies in all four protocols are understood", async () => {
  const bodies: [string, unknown][] = [
    ["", {
      model: "claude-x",
      messages: [{ role: "system", content: "s" }, { role: "user", content: "hi" }],
    }],
    ["", { model: "claude-x", input: "hi" }],
    ["?model=claude-x", { contents: [{ role: "user", parts: [{ text: "hi" }] }] }],
    ["?protocol=anthropic", {
      model: "claude-x",
      max_tokens: 5,
      messages: [{ role: "user", content: "hi" }],
    }],
  ];
  const protocols = [];
  for (const [query, body] of bodies) {
    const res = await ask(body, query);
    assert.equal(res.status, 200, query);
    const answer = await res.json();
    assert.equal(answer.model, "claude-x");
    protocols.push(answer.protocol);
  }
  assert.deepEqual(protocols, ["openai", "openai_responses", "gemini", "anthropic"]);
});

Deno.test("the admin key is required; unset, the admin API is off", async () => {
  const wrong = await handler(
    new Request("http://gw/admin/route", {
      method: "POST",
      headers: { authorization: "Bearer nope" },
      body: "{}",
    }),
  );
  assert.equal(wrong.status, 401);
  await wrong.body?.cancel();
  const none = await handler(new Request("http://gw/admin/route", { method: "POST", body: "{}" }));
  assert.equal(none.status, 401);
  await none.body?.cancel();
  const off = createHandler({ config: loaded, env: () => undefined });
  const res = await off(
    new Request("http://gw/admin/route", {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}` },
      body: "{}",
    }),
  );
  assert.equal(res.status, 403);
  assert.match((await res.json()).error.message, /FERRYLLM_ADMIN_KEY/);
});

Deno.test("the admin key works even when gateway auth is on (it is not a gateway key)", async () => {
  const guarded = config(`[auth]\nenabled = true\n${TOML}`);
  const h = createHandler({
    config: guarded,
    env: (
      n,
    ) => (n === "FERRYLLM_ADMIN_KEY" ? ADMIN : n === "FERRYLLM_API_KEYS" ? "gw-key" : undefined),
  });
  const res = await h(
    new Request("http://gw/admin/route", {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify(anthropicBody("hi")),
    }),
  );
  assert.equal(res.status, 200);
  await res.body?.cancel();
});

Deno.test("a model with no route is a 404, bad JSON a 400", async () => {
  const none = await ask({ model: "gpt-5", messages: [{ role: "user", content: "hi" }] });
  assert.equal(none.status, 404);
  assert.match((await none.json()).error.message, /"gpt-5"/);
  const bad = await handler(
    new Request("http://gw/admin/route", {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}` },
      body: "{nope",
    }),
  );
  assert.equal(bad.status, 400);
  await bad.body?.cancel();
});

Deno.test("guessProtocol tells Chat Completions from Messages by what only one of them has", () => {
  assert.equal(guessProtocol({ messages: [{ role: "developer", content: "x" }] }), "openai");
  assert.equal(guessProtocol({ system: "x", messages: [] }), "anthropic");
  assert.equal(
    guessProtocol({ messages: [{ role: "user", content: [{ type: "image", source: {} }] }] }),
    "anthropic",
  );
  assert.equal(
    guessProtocol({ messages: [] }, new Headers({ "anthropic-version": "x" })),
    "anthropic",
  );
  assert.equal(guessProtocol({ contents: [] }), "gemini");
  assert.equal(guessProtocol({ input: "x" }), "openai_responses");
});

Deno.test("ferryllm route prints the decision for people and as JSON", () => {
  const text = routeCommand(loaded, {
    bodyText: JSON.stringify(anthropicBody("hi")),
    headers: ["x-ferry-scenario: background"],
  });
  assert.match(text, /goes to: provider cheap, model gpt-5\.5-mini/);
  assert.match(text, /because: routes\[1\] .*header x-ferry-scenario = "background"/);
  const json = JSON.parse(routeCommand(loaded, {
    bodyText: JSON.stringify(anthropicBody("hi")),
    json: true,
  }));
  assert.equal(json.provider, "anthropic");
  assert.throws(() => routeCommand(loaded, { bodyText: "{" }), /not valid JSON/);
  assert.throws(
    () => routeCommand(loaded, { bodyText: "{}", protocol: "x" }),
    /unknown --protocol/,
  );
});
