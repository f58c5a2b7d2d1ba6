import assert from "node:assert/strict";
import { sha256Hex } from "../../lib/keys/key_digest.ts";
import type { ConfigError } from "../../lib/config/load.ts";
import { BASE_PROVIDERS, config } from "../ops/_support.ts";
import { chatBody, ENV, send, teamConfig, teamGateway } from "./_handler.ts";

const KEYS = `
[[keys]]
name = "alice"
key_env = "ALICE_KEY"
models = ["claude-*", "gpt-4o*"]

[[keys]]
name = "old"
key_env = "OLD_KEY"
expires_at = "2026-01-31T00:00:00Z"
`;

Deno.test("a named key from key_env is admitted; one given by key_sha256 too", async () => {
  const digest = await sha256Hex("hashed-key");
  const gateway = teamGateway(
    teamConfig(`${KEYS}\n[[keys]]\nname = "hashed"\nkey_sha256 = "${digest}"\n`),
  );
  assert.equal(
    (await send(gateway, "/v1/chat/completions", "alice-key", chatBody("claude-x"))).status,
    200,
  );
  assert.equal(
    (await send(gateway, "/v1/chat/completions", "hashed-key", chatBody("any"))).status,
    200,
  );
  assert.equal((await send(gateway, "/v1/chat/completions", "nope", chatBody("any"))).status, 401);
});

Deno.test("a model outside a key's allow-list is a 403 in the client's shape naming the rule", async () => {
  const gateway = teamGateway(teamConfig(KEYS));
  const openai = await send(
    gateway,
    "/v1/chat/completions",
    "alice-key",
    chatBody("gemini-2.5-pro"),
  );
  assert.equal(openai.status, 403);
  const body = await openai.json();
  assert.equal(body.error.type, "permission_error");
  assert.match(
    body.error.message,
    /"alice" may not use model "gemini-2.5-pro".*"claude-\*", "gpt-4o\*"/,
  );
  const anthropic = await send(gateway, "/v1/messages", "alice-key", {
    model: "o3",
    max_tokens: 10,
    messages: [{ role: "user", content: "hi" }],
  });
  assert.equal(anthropic.status, 403);
  const refusal = await anthropic.json();
  assert.equal(refusal.type, "error");
  assert.equal(refusal.error.type, "permission_error");
});

Deno.test("an expired key is a 401 naming expires_at", async () => {
  const gateway = teamGateway(teamConfig(KEYS));
  const response = await send(gateway, "/v1/chat/completions", "old-key", chatBody("m"));
  assert.equal(response.status, 401);
  assert.match(
    (await response.json()).error.message,
    /gateway API key "old" expired at 2026-01-31T00:00:00Z \(expires_at\)/,
  );
});

Deno.test("a named key's own rate limit applies to it, not to other keys", async () => {
  const gateway = teamGateway(
    teamConfig(`[[keys]]\nname = "alice"\nkey_env = "ALICE_KEY"\nrate_limit_per_minute = 2\n`),
    undefined,
    { env: { ...ENV, FERRYLLM_API_KEYS: "plain-key" } },
  );
  const statuses = [];
  for (let i = 0; i < 3; i++) {
    statuses.push((await send(gateway, "/v1/chat/completions", "alice-key", chatBody("m"))).status);
  }
  assert.deepEqual(statuses, [200, 200, 429]);
  assert.equal(
    (await send(gateway, "/v1/chat/completions", "plain-key", chatBody("m"))).status,
    200,
  );
});

Deno.test("[[keys]] config is checked: one key source, no duplicates, auth on", () => {
  assert.throws(
    () => teamConfig(`[[keys]]\nname = "a"\nkey_env = "X"\nkey_sha256 = "${"a".repeat(64)}"\n`),
    (e: ConfigError) => e.problems.some((p) => p.includes("exactly one of key_env or key_sha256")),
  );
  assert.throws(
    () => teamConfig(`[[keys]]\nname = "a"\nkey_env = "X"\n[[keys]]\nname = "a"\nkey_env = "Y"\n`),
    (e: ConfigError) => e.problems.some((p) => p.includes('duplicate key name "a"')),
  );
  assert.throws(
    () => teamConfig(`[[keys]]\nname = "a"\nkey_env = "X"\nbudget_usd_per_day = -1\n`),
    (e: ConfigError) => e.problems.some((p) => p.startsWith("keys[0].budget_usd_per_day")),
  );
  assert.throws(
    () =>
      config(
        `[[keys]]\nname = "a"\nkey_env = "X"\n${BASE_PROVIDERS}\n` +
          `[[routes]]\nmatch = "*"\nprovider = "echo"\n`,
      ),
    (e: ConfigError) => e.problems.some((p) => p.includes("[auth] enabled = true")),
  );
});

Deno.test("/v1/models lists only what a key's allow-list permits; other names are 404 to it", async () => {
  const gateway = teamGateway(
    teamConfig(
      `[[keys]]\nname = "alice"\nkey_env = "ALICE_KEY"\nmodels = ["gpt-4o*"]\n` +
        `[[routes]]\nmatch = "claude-x"\nmatch_type = "exact"\nprovider = "echo"\n`,
    ),
    undefined,
    { env: { ...ENV, FERRYLLM_API_KEYS: "plain-key" } },
  );
  const ids = async (key: string, path = "/v1/models") =>
    ((await (await send(gateway, path, key)).json()).data as { id: string }[]).map((m) => m.id);
  const everything = await ids("plain-key");
  assert.ok(everything.includes("gpt-4o-mini"));
  assert.ok(everything.some((id) => !id.startsWith("gpt-4o")), everything.join(","));
  assert.deepEqual(await ids("alice-key"), everything.filter((id) => id.startsWith("gpt-4o")));
  const hidden = everything.find((id) => !id.startsWith("gpt-4o"))!;
  assert.equal((await send(gateway, `/v1/models/${hidden}`, "plain-key")).status, 200);
  const refused = await send(gateway, `/v1/models/${hidden}`, "alice-key");
  assert.equal(refused.status, 404);
  await refused.body?.cancel();
  assert.equal((await send(gateway, "/v1/models/gpt-4o-mini", "alice-key")).status, 200);
});
