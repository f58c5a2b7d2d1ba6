import assert from "node:assert/strict";
import { KeyRotation } from "../../lib/router/key_rotation.ts";
import { createHandler } from "../../lib/server/handler.ts";
import { MemoryStore } from "../../lib/state/memory_store.ts";
import {
  chatJson,
  chatRequest,
  config,
  errorJson,
  FakeClock,
  fakeSleep,
  post,
} from "../ops/_support.ts";

const KEYS = { K1: "sk-key-one-secret", K2: "sk-key-two-secret", K3: "sk-key-three-secret" };

const TOML = `
[[providers]]
name = "up"
type = "openai"
base_url = "http://upstream.test"
api_key_env = ["K1", "K2", "K3"]
key_cooldown_secs = 45

[[providers]]
name = "backup"
type = "openai"
base_url = "http://backup.test"
api_key = "sk-backup"

[[routes]]
match = "*"
provider = "up"
fallback_providers = ["backup"]
`;

/** A fetch that answers per key with a scripted status, recording which key each call used. */
function keyedUpstream(reply: (key: string, n: number) => Response) {
  const used: string[] = [];
  const fetchFn = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const auth = new Headers(init?.headers).get("authorization") ?? "";
    const key = url.host === "backup.test" ? "backup" : auth.replace(/^Bearer /, "");
    used.push(key);
    return Promise.resolve(reply(key, used.length));
  };
  return { fetch: fetchFn as typeof fetch, used };
}

function setup(reply: (key: string, n: number) => Response) {
  const clock = new FakeClock();
  const sleeper = fakeSleep();
  const upstream = keyedUpstream(reply);
  const logged: string[] = [];
  const events: unknown[] = [];
  const capture = (message: string, props?: Record<string, unknown>) =>
    logged.push(`${message} ${JSON.stringify(props)}`);
  const store = new MemoryStore(10_000, clock.now);
  const loaded = config(TOML, KEYS);
  const handler = createHandler({
    config: loaded,
    fetch: upstream.fetch,
    now: clock.now,
    sleep: sleeper.sleep,
    store,
    log: { debug: capture, info: capture, warn: capture, error: capture },
    events: (e) => events.push(e),
  });
  const ask = async () => {
    const res = await handler(post("/v1/chat/completions", chatRequest("m", "hi")));
    return { status: res.status, body: await res.json() };
  };
  return { clock, sleeper, upstream, logged, events, ask, handler, store, loaded };
}

Deno.test("keys rotate round-robin across requests", async () => {
  const t = setup(() => chatJson("ok"));
  for (let i = 0; i < 6; i++) assert.equal((await t.ask()).status, 200);
  assert.deepEqual(t.upstream.used, [
    KEYS.K1,
    KEYS.K2,
    KEYS.K3,
    KEYS.K1,
    KEYS.K2,
    KEYS.K3,
  ]);
});

Deno.test("a 429 with retry-after retries at once on the next key; the cooled key is skipped until its time", async () => {
  const t = setup((key, n) =>
    key === KEYS.K1 && n === 1
      ? errorJson(429, "slow down", { "retry-after": "20" })
      : chatJson("ok")
  );
  const first = await t.ask();
  assert.equal(first.status, 200);
  assert.deepEqual(t.upstream.used, [KEYS.K1, KEYS.K2], "the same request moved to key 2");
  assert.deepEqual(t.sleeper.slept, [], "no backoff before the next key");

  t.upstream.used.length = 0;
  for (let i = 0; i < 6; i++) {
    assert.equal((await t.ask()).status, 200);
    t.clock.advance(3_000); // 18 s in all: key 1 is still cooling
  }
  assert.ok(!t.upstream.used.includes(KEYS.K1), `key 1 used while cooling: ${t.upstream.used}`);
  assert.equal(t.upstream.used.length, 6, "each request took one attempt");

  t.clock.advance(2_001);
  t.upstream.used.length = 0;
  for (let i = 0; i < 3; i++) await t.ask();
  assert.ok(t.upstream.used.includes(KEYS.K1), "key 1 is back after its retry-after");
});

Deno.test("401 and 403 cool a key for key_cooldown_secs; logs and events name it by index only", async () => {
  const t = setup((key) =>
    key === KEYS.K1
      ? errorJson(401, "invalid key")
      : key === KEYS.K2
      ? errorJson(403, "no")
      : chatJson("ok")
  );
  assert.equal((await t.ask()).status, 200);
  assert.deepEqual(t.upstream.used, [KEYS.K1, KEYS.K2, KEYS.K3]);
  t.upstream.used.length = 0;
  t.clock.advance(44_000);
  await t.ask();
  await t.ask();
  assert.deepEqual(t.upstream.used, [KEYS.K3, KEYS.K3], "both refused keys rest 45 s");
  t.clock.advance(1_001);
  t.upstream.used.length = 0;
  for (let i = 0; i < 3; i++) await t.ask();
  assert.ok(t.upstream.used.includes(KEYS.K1));

  const text = t.logged.join("\n");
  assert.match(text, /"key":"#1"/);
  assert.match(text, /"key":"#2"/);
  for (const secret of Object.values(KEYS)) assert.ok(!text.includes(secret), "a key was logged");
  assert.deepEqual(
    t.events.filter((e) => (e as { type: string }).type === "key_cooldown").slice(0, 2),
    [
      { type: "key_cooldown", provider: "up", key: "#1" },
      { type: "key_cooldown", provider: "up", key: "#2" },
    ],
  );
});

Deno.test("every key refused: the request moves on to the fallback provider", async () => {
  const t = setup((key) =>
    key === "backup" ? chatJson("from backup") : errorJson(429, "quota", { "retry-after": "60" })
  );
  const res = await t.ask();
  assert.equal(res.status, 200);
  assert.equal(res.body.choices[0].message.content, "from backup");
  assert.deepEqual(t.upstream.used, [KEYS.K1, KEYS.K2, KEYS.K3, "backup"]);

  // All three cooling: the next request still tries the key that frees up first, once.
  t.upstream.used.length = 0;
  await t.ask();
  assert.equal(t.upstream.used.length, 2, "one key, not three");
  assert.ok(Object.values(KEYS).includes(t.upstream.used[0]));
  assert.equal(t.upstream.used[1], "backup");
});

Deno.test("the metrics count key cooldowns by provider and key index", async () => {
  const t = setup((key, n) => (key === KEYS.K1 && n === 1 ? errorJson(429, "x") : chatJson("ok")));
  await t.ask();
  const metrics = await (await t.handler(new Request("http://gateway.test/metrics"))).text();
  assert.match(metrics, /ferryllm_upstream_key_cooldowns_total\{provider="up",key="#1"\} 1/);
});

Deno.test("a resting key the upstream accepts again is back in turn for everyone", async () => {
  let refuse = true;
  const t = setup(() => (refuse ? errorJson(403, "region") : chatJson("ok")));
  assert.equal((await t.ask()).status, 403, "all three refused, no fallback answers");
  const rotation = new KeyRotation(t.store, t.clock.now);
  const provider = t.loaded.providers.get("up")!;
  assert.equal((await rotation.pick(provider, new Set()))?.resting, true, "all three rest");
  refuse = false;
  t.upstream.used.length = 0;
  await t.ask(); // every key resting: the one that frees first is tried, and accepted
  const accepted = t.upstream.used[0];
  const next = await rotation.pick(provider, new Set());
  assert.equal(next?.key, accepted, "the only key not resting");
  assert.equal(next?.resting, undefined);
});

Deno.test("upstream token counts take the pool's keys in turn too (not always the first)", async () => {
  const toml = `
[[providers]]
name = "claude"
type = "anthropic"
base_url = "http://anthropic.test"
api_key_env = ["K1", "K2"]

[[providers]]
name = "responses"
type = "openai_responses"
base_url = "http://responses.test"
api_key_env = ["K1", "K2"]

[[routes]]
match = "claude-"
provider = "claude"

[[routes]]
match = "*"
provider = "responses"
`;
  const used: string[] = [];
  const handler = createHandler({
    config: config(toml, KEYS),
    store: new MemoryStore(10_000, new FakeClock().now),
    fetch: (_input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      used.push(headers.get("x-api-key") ?? headers.get("authorization") ?? "");
      return Promise.resolve(Response.json({ input_tokens: 7, object: "response.input_tokens" }));
    },
  });
  const messages = [{ role: "user", content: "hi" }];
  for (let i = 0; i < 2; i++) {
    const counted = await handler(
      post("/v1/messages/count_tokens", {
        method: "POST",
        body: JSON.stringify({ model: "claude-x", messages }),
      }),
    );
    assert.equal((await counted.json()).input_tokens, 7);
  }
  for (let i = 0; i < 2; i++) {
    const counted = await handler(
      post("/v1/responses/input_tokens", {
        method: "POST",
        body: JSON.stringify({ model: "gpt-x", input: "hi" }),
      }),
    );
    assert.equal((await counted.json()).input_tokens, 7);
  }
  assert.deepEqual(used, [KEYS.K1, KEYS.K2, `Bearer ${KEYS.K1}`, `Bearer ${KEYS.K2}`]);
});
