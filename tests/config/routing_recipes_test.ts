/**
 * docs/routing.md's recipes: every config it links exists, `ferryllm check-config` accepts it
 * (the real command, in a subprocess), and the decisions the page claims are what the route
 * tester answers.
 */
import assert from "node:assert/strict";
import { loadConfig, type LoadedConfig, parseConfig } from "../../lib/config/load.ts";
import { explainRoute } from "../../lib/router/route_tester.ts";
import { routableModels } from "../../lib/server/endpoints/models_list.ts";
import { buildRuntime } from "../../lib/server/runtime.ts";

const root = new URL("../../", import.meta.url);
const doc = await Deno.readTextFile(new URL("docs/routing.md", root));
const recipes = [
  ...new Set([...doc.matchAll(/\(\.\.\/(config\/[\w.-]+\.toml)\)/g)].map((m) => m[1])),
];

/** Every key variable a config names, set to a dummy value. */
function envFor(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const p of parseConfig(text, "recipe").providers) {
    const names = p.api_key_env === undefined ? [] : [p.api_key_env].flat();
    for (const name of names) env[name] = `test-${name}`;
  }
  return env;
}

async function load(path: string): Promise<LoadedConfig> {
  const text = await Deno.readTextFile(new URL(path, root));
  const env = envFor(text);
  return loadConfig(text, path, { env: (n) => env[n], readFile: () => "" });
}

Deno.test("docs/routing.md links three recipes, and check-config accepts each", async () => {
  assert.deepEqual(recipes, [
    "config/routing-claude-code.toml",
    "config/routing-codex-on-claude.toml",
    "config/routing-weighted-regions.toml",
  ]);
  for (const path of recipes) {
    const text = await Deno.readTextFile(new URL(path, root));
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("main.ts", root).pathname, "check-config", "--config", path],
      cwd: root.pathname,
      env: { ...envFor(text), NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, `${path}: ${new TextDecoder().decode(out.stderr)}`);
    assert.match(stdout, /routing decision table/);
    assert.match(stdout, /config OK/);
  }
});

const anthropic = (text: string, extra: Record<string, unknown> = {}) => ({
  body: {
    model: "claude-sonnet-4-6",
    max_tokens: 1000,
    system: "You are Claude Code",
    messages: [{ role: "user", content: text }],
    ...extra,
  },
  protocol: "anthropic" as const,
});

Deno.test("recipe 1 (Claude Code): background, long context, thinking and the rest", async () => {
  const runtime = buildRuntime(await load("config/routing-claude-code.toml"));
  const goes = (q: Parameters<typeof explainRoute>[1]) => {
    const a = explainRoute(runtime, q);
    return `${a.provider} ${a.upstream_model}`;
  };
  assert.equal(goes(anthropic("hi")), "anthropic claude-sonnet-4-6");
  const haiku = anthropic("title this");
  haiku.body.model = "claude-haiku-4-5";
  assert.equal(goes(haiku), "openai gpt-5.5-mini");
  assert.equal(goes(anthropic("word ".repeat(60_000))), "gemini gemini-3-pro");
  assert.equal(
    goes(anthropic("think", { thinking: { type: "enabled", budget_tokens: 4096 } })),
    "openai gpt-5.5",
  );
  assert.equal(
    goes({ ...anthropic("hi"), headers: new Headers({ "x-ferry-scenario": "background" }) }),
    "openai gpt-5.5-mini",
  );
  assert.deepEqual(routableModels(runtime), [
    "claude-haiku-4-5",
    "claude-opus-4-6",
    "claude-sonnet-4-6",
  ]);
});

Deno.test("recipe 2 (Codex on Claude): GPT names to Claude on two rotating keys", async () => {
  const loaded = await load("config/routing-codex-on-claude.toml");
  assert.equal(loaded.providers.get("anthropic")!.apiKeys!.length, 2);
  const runtime = buildRuntime(loaded);
  const codex = explainRoute(runtime, {
    body: { model: "gpt-5.5-codex", input: "fix the bug", reasoning: { effort: "high" } },
  });
  assert.equal(codex.protocol, "openai_responses");
  assert.deepEqual([codex.provider, codex.upstream_model], ["anthropic", "claude-opus-4-6"]);
  const mini = explainRoute(runtime, { body: { model: "gpt-5.5-mini", input: "summarize" } });
  assert.equal(mini.upstream_model, "claude-haiku-4-5");
  assert.deepEqual(routableModels(runtime), ["gpt-5.5", "gpt-5.5-codex", "gpt-5.5-mini"]);
});

Deno.test("recipe 3 (two regions): a 3:1 pool with a fallback, and a latency pool", async () => {
  const runtime = buildRuntime(await load("config/routing-weighted-regions.toml"));
  const claude = explainRoute(runtime, anthropic("hi"));
  assert.equal(claude.strategy, "weighted");
  assert.deepEqual(
    claude.targets.map((t) => [t.provider, t.model, t.weight]),
    [["openai-east", "gpt-5.5", 3], ["openai-west", "gpt-5.5", 1]],
  );
  assert.deepEqual(claude.fallbacks, [{ provider: "anthropic", model: "claude-sonnet-4-6" }]);
  const gpt = explainRoute(runtime, {
    body: { model: "gpt-5.5", messages: [{ role: "user", content: "hi" }] },
  });
  assert.equal(gpt.strategy, "latency");
  assert.deepEqual(routableModels(runtime), ["claude-opus-4-6", "claude-sonnet-4-6", "gpt-5.5"]);
});
