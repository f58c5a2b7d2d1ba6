import assert from "node:assert/strict";
import { SOURCE_HASH } from "../../lib/dashboard/assets.generated.ts";
import { dashboardSourceHash } from "../../lib/dashboard/web/source_hash.ts";
import { loadConfig } from "../../lib/config/load.ts";
import { createHandler, type HandlerOptions } from "../../lib/server/handler.ts";

const TOML = `
[auth]
enabled = true

[[providers]]
name = "echo"
type = "echo"

[[providers]]
name = "up"
type = "openai"
base_url = "http://up.test"
api_key = "sk-inline-secret"

[[routes]]
match = "gpt-"
provider = "up"
rewrite_model = "gpt-up"

[[routes]]
match = "*"
provider = "echo"
`;

function handler(env: Record<string, string>, extra: Partial<HandlerOptions> = {}) {
  const config = loadConfig(TOML, "ui.toml", { env: (n) => env[n], readFile: () => "" });
  return createHandler({ config, env: (n) => env[n], ...extra });
}

const ENV = { FERRYLLM_ADMIN_KEY: "adm", FERRYLLM_API_KEYS: "gw-key" };

async function signIn(h: (r: Request) => Promise<Response>): Promise<string> {
  const res = await h(
    new Request("http://gw.test/ui/login", {
      method: "POST",
      headers: { origin: "http://gw.test", "content-type": "application/x-www-form-urlencoded" },
      body: "admin_key=adm",
    }),
  );
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "/ui");
  return res.headers.get("set-cookie")!.split(";")[0];
}

Deno.test("/ui is off (404) unless FERRYLLM_ADMIN_KEY is set", async () => {
  const h = handler({ FERRYLLM_API_KEYS: "gw-key" });
  for (const path of ["/ui", "/ui/api/snapshot", "/ui/assets/app.js"]) {
    const res = await h(new Request(`http://gw.test${path}`));
    assert.equal(res.status, 404, path);
    assert.match((await res.json()).error, /FERRYLLM_ADMIN_KEY/);
  }
});

Deno.test("/ui/assets serves the bundled app (loaded on first request) and 404s other names", async () => {
  const h = handler(ENV);
  const app = await h(new Request("http://gw.test/ui/assets/app.js"));
  assert.equal(app.status, 200);
  assert.equal(app.headers.get("content-type"), "text/javascript; charset=utf-8");
  assert.ok((await app.text()).length > 10_000);
  for (const name of ["nope.js", "constructor", "__proto__"]) {
    const res = await h(new Request(`http://gw.test/ui/assets/${name}`));
    assert.equal(res.status, 404, name);
    await res.body?.cancel();
  }
});

Deno.test("/ui data endpoints need the session cookie, not a gateway key", async () => {
  const h = handler(ENV);
  const login = await h(new Request("http://gw.test/ui"));
  assert.equal(login.status, 200);
  assert.match(await login.text(), /type="password"/);
  for (
    const [method, path] of [
      ["GET", "/ui/api/snapshot"],
      ["GET", "/ui/api/config"],
      ["POST", "/ui/api/route-test"],
      ["POST", "/ui/api/reload"],
    ]
  ) {
    const res = await h(
      new Request(`http://gw.test${path}`, {
        method,
        headers: { authorization: "Bearer gw-key" },
        body: method === "POST" ? "{}" : undefined,
      }),
    );
    assert.equal(res.status, 401, path);
    await res.body?.cancel();
  }
  const cookie = await signIn(h);
  const snapshot = await h(
    new Request("http://gw.test/ui/api/snapshot", { headers: { cookie } }),
  );
  assert.equal(snapshot.status, 200);
  assert.equal(snapshot.headers.get("cache-control"), "no-store");
  const body = await snapshot.json();
  assert.equal(body.status.ready, true);
  assert.deepEqual(body.providers.map((p: { provider: string }) => p.provider).sort(), [
    "echo",
    "up",
  ]);
});

Deno.test("/ui refuses a wrong key and a foreign origin", async () => {
  const h = handler(ENV);
  const wrong = await h(
    new Request("http://gw.test/ui/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "admin_key=guess",
    }),
  );
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get("set-cookie"), null);
  assert.match(await wrong.text(), /Wrong admin key/);
  const cookie = await signIn(h);
  const foreign = await h(
    new Request("http://gw.test/ui/api/reload", {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
      body: "{}",
    }),
  );
  assert.equal(foreign.status, 403);
  await foreign.body?.cancel();
});

Deno.test("/ui route tester, redacted config, and reload through the gateway's control", async () => {
  let reloads = 0;
  const h = handler(ENV, {
    observation: {
      control: {
        reload: () => ({ ok: true, message: `reloaded ${++reloads}` }),
        configLoadedAt: () => 42,
      },
    },
  });
  const cookie = await signIn(h);
  const post = (path: string, body: unknown) =>
    h(
      new Request(`http://gw.test${path}`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
  const route = await (await post("/ui/api/route-test", { model: "gpt-5", stream: true })).json();
  assert.equal(route.provider, "up");
  assert.equal(route.upstreamModel, "gpt-up");
  assert.equal(route.matchType, "prefix");
  assert.match(route.notes[0], /^gpt-5 → up .*because routes\[0\]/);
  const config =
    await (await h(new Request("http://gw.test/ui/api/config", { headers: { cookie } })))
      .json();
  assert.equal(config.config.providers[1].api_key, "[redacted]");
  assert.ok(!JSON.stringify(config).includes("sk-inline-secret"));
  const reload = await post("/ui/api/reload", {});
  assert.equal(reload.status, 200);
  assert.deepEqual(await reload.json(), { ok: true, message: "reloaded 1" });
  const status =
    (await (await h(new Request("http://gw.test/ui/api/snapshot", { headers: { cookie } })))
      .json()).status;
  assert.equal(status.configLoadedAt, 42);
  assert.equal(status.reloadable, true);
});

Deno.test("the committed dashboard bundle was built from the current sources", async () => {
  assert.equal(
    SOURCE_HASH,
    await dashboardSourceHash(),
    "lib/dashboard/web/ changed: run `deno task ui:build` and commit assets.generated.ts",
  );
});

Deno.test("/ui status shows a shared store's health when the store reports one", async () => {
  const { MemoryStore } = await import("../../lib/state/memory_store.ts");
  const store = Object.assign(new MemoryStore(), {
    health: () =>
      Promise.resolve({ backend: "redis", available: false, onUnavailable: "fail_open" }),
  });
  const h = handler(ENV, { store });
  const cookie = await signIn(h);
  const { status } = await (await h(
    new Request("http://gw.test/ui/api/snapshot", { headers: { cookie } }),
  )).json();
  assert.deepEqual(status.store, { backend: "redis", ok: false, detail: "down, fail_open" });
});

Deno.test("/ui provider table lists pool targets with their live state", async () => {
  const h = handler(ENV, {
    observation: {
      pools: () =>
        Promise.resolve([{
          provider: "up",
          model: "gpt-up",
          routes: ["gpt-"],
          state: "ejected" as const,
          inFlight: 0,
          latencyMs: 120,
          ejections: 2,
        }]),
    },
  });
  const cookie = await signIn(h);
  const { providers } = await (await h(
    new Request("http://gw.test/ui/api/snapshot", { headers: { cookie } }),
  )).json();
  const rows = providers.map((p: { provider: string; model: string }) =>
    `${p.provider}/${p.model}`
  );
  assert.deepEqual(rows, ["echo/", "up/gpt-up"]);
  assert.equal(providers[1].pool.state, "ejected");
  assert.equal(providers[1].pool.ejections, 2);
});

Deno.test("/ui route tester and pool rows read the router: conditions, targets, live state", async () => {
  const toml = `
[[providers]]
name = "east"
type = "openai"
base_url = "http://east.test"
api_key = "k"

[[providers]]
name = "west"
type = "openai"
base_url = "http://west.test"
api_key = "k"

[[routes]]
match = "big-"
provider = "west"
rewrite_model = "long-context"
when = { min_input_tokens = 2000 }

[[routes]]
match = "big-"
targets = [
  { provider = "east", model = "m-1", weight = 3 },
  { provider = "west", model = "m-1", weight = 1 },
]
`;
  const config = loadConfig(toml, "pool.toml", {
    env: (n) => ENV[n as keyof typeof ENV],
    readFile: () => "",
  });
  const h = createHandler({ config, env: (n) => ENV[n as keyof typeof ENV] });
  const cookie = await signIn(h);
  const ask = async (body: unknown) =>
    await (await h(
      new Request("http://gw.test/ui/api/route-test", {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    )).json();
  const long = await ask({ model: "big-x", protocol: "anthropic", inputTokens: 5000 });
  assert.equal(long.provider, "west");
  assert.equal(long.upstreamModel, "long-context");
  const short = await ask({ model: "big-x", protocol: "gemini", tools: true });
  assert.ok(["east", "west"].includes(short.provider), short.provider);
  assert.equal(short.upstreamModel, "m-1");
  assert.match(short.notes.join(" "), /min_input_tokens|input tokens >= 2000/);
  assert.match(
    short.notes.join(" "),
    /pool \(.*\): east → m-1 \(weight 3, available\); west → m-1/,
  );
  const missing = await ask({ model: "nope", protocol: "openai" });
  assert.equal(missing.matched, false);
  assert.match(missing.notes[0], /no route/);

  const { providers } = await (await h(
    new Request("http://gw.test/ui/api/snapshot", { headers: { cookie } }),
  )).json();
  const pooled = providers.filter((p: { pool?: unknown }) => p.pool);
  assert.deepEqual(
    pooled.map((p: { provider: string; model: string }) => `${p.provider}/${p.model}`),
    [
      "east/m-1",
      "west/m-1",
    ],
  );
  assert.equal(pooled[0].pool.state, "available");
  assert.deepEqual(pooled[0].pool.routes, ["big-"]);
});

Deno.test("/ui keys table: named keys from the usage store with their budgets and what is left", async () => {
  const toml = `
[auth]
enabled = true

[[keys]]
name = "team-a"
key_env = "TEAM_A_KEY"
budget_tokens_per_day = 100000
budget_usd_per_month = 20

[[providers]]
name = "echo"
type = "echo"

[[routes]]
match = "*"
provider = "echo"
`;
  const env: Record<string, string> = { ...ENV, TEAM_A_KEY: "sk-team-a" };
  const config = loadConfig(toml, "keys.toml", { env: (n) => env[n], readFile: () => "" });
  const h = createHandler({ config, env: (n) => env[n] });
  const chat = await h(
    new Request("http://gw.test/v1/chat/completions", {
      method: "POST",
      headers: { authorization: "Bearer sk-team-a", "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hello there" }] }),
    }),
  );
  assert.equal(chat.status, 200);
  await chat.text();
  await new Promise((r) => setTimeout(r, 50)); // usage is written in the background
  const cookie = await signIn(h);
  const { keys, recent } = await (await h(
    new Request("http://gw.test/ui/api/snapshot", { headers: { cookie } }),
  )).json();
  assert.match(keys.source, /usage store/);
  const team = keys.rows.find((r: { key: string }) => r.key === "team-a");
  assert.equal(team.requests, 1);
  assert.ok(team.inputTokens > 0);
  const tokens = team.budgets.find((b: { unit: string }) => b.unit === "tokens");
  assert.equal(tokens.limit, 100000);
  assert.equal(tokens.used, team.inputTokens + team.outputTokens);
  assert.deepEqual(team.budgets.find((b: { unit: string }) => b.unit === "usd"), {
    label: "USD per month",
    unit: "usd",
    limit: 20,
    used: 0,
  });
  assert.equal(recent[0].key, "team-a");
});
