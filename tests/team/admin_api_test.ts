import assert from "node:assert/strict";
import { checkAdminKey, constantTimeEqual } from "../../lib/admin/admin_key.ts";
import { chatBody, ENV, send, teamConfig, teamGateway } from "./_handler.ts";
import { TOMBSTONE_DAYS } from "../../lib/keys/admin_keys.ts";

const ADMIN = ENV.FERRYLLM_ADMIN_KEY;
const CONFIG_KEY = `[[keys]]\nname = "alice"\nkey_env = "ALICE_KEY"\n`;

Deno.test("checkAdminKey: off without FERRYLLM_ADMIN_KEY, else the exact bearer token", async () => {
  const request = (authorization?: string) =>
    new Request("http://g.test/admin/keys", {
      headers: authorization ? { authorization } : {},
    });
  const env = (value?: string) => (name: string) =>
    name === "FERRYLLM_ADMIN_KEY" ? value : undefined;
  assert.equal(await checkAdminKey(request("Bearer x"), env(undefined)), "disabled");
  assert.equal(await checkAdminKey(request("Bearer x"), env("  ")), "disabled");
  assert.equal(await checkAdminKey(request(), env("secret")), "missing");
  assert.equal(await checkAdminKey(request("Basic secret"), env("secret")), "missing");
  assert.equal(await checkAdminKey(request("Bearer secre"), env("secret")), "invalid");
  assert.equal(await checkAdminKey(request("Bearer secret"), env("secret")), "ok");
  assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])), true);
  assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
  assert.equal(constantTimeEqual(new Uint8Array([1]), new Uint8Array([1, 0])), false);
});

Deno.test("the admin API is a 404 unless FERRYLLM_ADMIN_KEY is set; then it wants the key", async () => {
  const off = teamGateway(teamConfig(), undefined, { env: { ALICE_KEY: "alice-key" } });
  assert.equal((await send(off, "/admin/keys", "anything")).status, 404);
  const on = teamGateway(teamConfig());
  const missing = await send(on, "/admin/keys", undefined);
  assert.equal(missing.status, 401);
  assert.equal((await missing.json()).error.type, "authentication_error");
  assert.equal((await send(on, "/admin/keys", "alice-key")).status, 401);
  assert.equal((await send(on, "/admin/keys", ADMIN)).status, 200);
});

Deno.test("POST /admin/keys creates a key shown once; it works at once and lists without secrets", async () => {
  const gateway = teamGateway(teamConfig(CONFIG_KEY));
  const created = await send(gateway, "/admin/keys", ADMIN, {
    name: "bob",
    models: ["gpt-4o*"],
    budget_usd_per_day: 2.5,
    expires_at: "2027-01-31T00:00:00Z",
  });
  assert.equal(created.status, 201);
  const body = await created.json();
  assert.equal(body.name, "bob");
  assert.match(body.key, /^fgw-[0-9a-f]{64}$/);
  assert.equal((await send(gateway, "/v1/chat/completions", body.key, chatBody("m"))).status, 403);
  const list = await (await send(gateway, "/admin/keys", ADMIN)).json();
  assert.equal(list.object, "list");
  assert.deepEqual(list.data.map((k: { name: string; source: string }) => [k.name, k.source]), [
    ["alice", "config"],
    ["bob", "admin"],
  ]);
  assert.equal(list.data[1].budget_usd_per_day, 2.5);
  assert.equal(list.data[1].created_at, "2026-03-10T12:00:00.000Z");
  assert.ok(!JSON.stringify(list).includes(body.key));
});

Deno.test("bad admin input is a 400 in OpenAI's shape naming the field", async () => {
  const gateway = teamGateway(teamConfig(CONFIG_KEY));
  const cases: [unknown, string, RegExp][] = [
    [{ name: "x", colour: "red" }, "colour", /unknown field "colour"/],
    [{ name: "x", rate_limit_per_minute: "ten" }, "rate_limit_per_minute", /rate_limit_per_minute/],
    [{ name: "x", budget_usd_per_day: -1 }, "budget_usd_per_day", /budget_usd_per_day/],
    [{ name: "x", expires_at: "tomorrow" }, "expires_at", /expires_at/],
    [{ name: "no spaces" }, "name", /name/],
    [{}, "name", /name/],
    [{ name: "alice" }, "name", /"alice" already exists \(defined through the config\)/],
    [[1], undefined as unknown as string, /JSON object/],
  ];
  for (const [input, param, message] of cases) {
    const response = await send(gateway, "/admin/keys", ADMIN, input);
    assert.equal(response.status, 400, JSON.stringify(input));
    const { error } = await response.json();
    assert.equal(error.type, "invalid_request_error");
    assert.equal(error.param ?? undefined, param, JSON.stringify(error));
    assert.match(error.message, message);
  }
  assert.equal((await send(gateway, "/admin/keys", ADMIN, { name: "bob" })).status, 201);
  const again = await send(gateway, "/admin/keys", ADMIN, { name: "bob" });
  assert.equal(again.status, 400);
  assert.match((await again.json()).error.message, /"bob" already exists/);
});

Deno.test("DELETE /admin/keys/{name} revokes: 204, then 401 'revoked'; unknown 404; config 400", async () => {
  const gateway = teamGateway(teamConfig(CONFIG_KEY));
  const { key } = await (await send(gateway, "/admin/keys", ADMIN, { name: "bob" })).json();
  assert.equal((await send(gateway, "/v1/chat/completions", key, chatBody("m"))).status, 200);
  const deleted = await send(gateway, "/admin/keys/bob", ADMIN, undefined, "DELETE");
  assert.equal(deleted.status, 204);
  const refused = await send(gateway, "/v1/chat/completions", key, chatBody("m"));
  assert.equal(refused.status, 401);
  assert.match((await refused.json()).error.message, /"bob" was revoked at 2026-03-10T12:00:00/);
  assert.equal((await send(gateway, "/admin/keys/bob", ADMIN, undefined, "DELETE")).status, 404);
  const config = await send(gateway, "/admin/keys/alice", ADMIN, undefined, "DELETE");
  assert.equal(config.status, 400);
  assert.match((await config.json()).error.message, /config file/);
  // The name is free again; the old key stays refused.
  const reborn = await (await send(gateway, "/admin/keys", ADMIN, { name: "bob" })).json();
  assert.notEqual(reborn.key, key);
  assert.equal((await send(gateway, "/v1/chat/completions", key, chatBody("m"))).status, 401);
});

Deno.test("a revoked key answers 'revoked' for TOMBSTONE_DAYS, then its record is purged", async () => {
  const gateway = teamGateway(teamConfig(CONFIG_KEY));
  const created = async (name: string) =>
    (await (await send(gateway, "/admin/keys", ADMIN, { name })).json()).key as string;
  const old = await created("old");
  const live = await created("live");
  assert.equal((await send(gateway, "/admin/keys/old", ADMIN, undefined, "DELETE")).status, 204);
  gateway.clock.advance((TOMBSTONE_DAYS - 1) * 86_400_000);
  const recent = await send(gateway, "/v1/chat/completions", old, chatBody("m"));
  assert.match((await recent.json()).error.message, /"old" was revoked/);
  const before = Object.keys(await gateway.store.readHash("keys:by_hash")).length;
  // Two days later the next revocation sweeps the old record, and keeps the live key's.
  gateway.clock.advance(2 * 86_400_000);
  await created("other");
  assert.equal((await send(gateway, "/admin/keys/other", ADMIN, undefined, "DELETE")).status, 204);
  const after = Object.keys(await gateway.store.readHash("keys:by_hash")).length;
  assert.equal(after, before, "old swept, other's fresh tombstone added");
  const gone = await send(gateway, "/v1/chat/completions", old, chatBody("m"));
  assert.equal(gone.status, 401);
  assert.doesNotMatch((await gone.json()).error.message, /revoked/);
  assert.equal((await send(gateway, "/v1/chat/completions", live, chatBody("m"))).status, 200);
});

Deno.test("GET /admin/usage validates its query", async () => {
  const gateway = teamGateway(teamConfig());
  const cases: [string, string][] = [
    ["?from=2026-13-01", "from"],
    ["?to=yesterday", "to"],
    ["?from=2026-03-10&to=2026-03-01", "from"],
    ["?from=2020-01-01&to=2026-01-01", "from"],
    ["?group_by=provider", "group_by"],
    ["?user=x", "user"],
  ];
  for (const [query, param] of cases) {
    const response = await send(gateway, `/admin/usage${query}`, ADMIN);
    assert.equal(response.status, 400, query);
    assert.equal((await response.json()).error.param, param, query);
  }
  const empty = await (await send(gateway, "/admin/usage", ADMIN)).json();
  assert.deepEqual(
    { from: empty.from, to: empty.to, group_by: empty.group_by, data: empty.data },
    { from: "2026-03-10", to: "2026-03-10", group_by: "model", data: [] },
  );
  assert.equal(empty.total.requests, 0);
});
