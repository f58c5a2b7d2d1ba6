import assert from "node:assert/strict";
import { ConfigError, loadConfig, parseConfig } from "../../lib/config/load.ts";
import { defaultConfig } from "../../lib/config/default_config.ts";

const io = (env: Record<string, string> = {}) => ({
  env: (name: string) => env[name],
  readFile: (path: string) => {
    if (path === "/keys/a") return "file-key\n";
    throw new Error(`ENOENT: ${path}`);
  },
});

const base = `
[[providers]]
name = "up"
type = "openai"
base_url = "https://example.test/v1"
api_key_env = "UP_KEY"

[[routes]]
match = "*"
provider = "up"
`;

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail("expected a ConfigError");
}

Deno.test("loadConfig applies defaults and resolves the key from env", () => {
  const loaded = loadConfig(base, "f.toml", io({ UP_KEY: "sk-1" }));
  assert.equal(loaded.config.server.listen, "127.0.0.1:3000");
  assert.equal(loaded.config.server.retry_attempts, 0);
  assert.equal(loaded.config.logging.format, "text");
  assert.equal(loaded.config.prompt_cache.auto_inject_anthropic_cache_control, true);
  assert.equal(loaded.providers.get("up")?.apiKey, "sk-1");
  assert.equal(loaded.config.routes[0].match_type, "prefix");
});

Deno.test("loadConfig names the file and the variable when a routed provider's key is missing", () => {
  assert.deepEqual(problems(() => loadConfig(base, "f.toml", io())), [
    "providers[0].api_key_env: environment variable UP_KEY is not set",
  ]);
});

Deno.test("parseConfig reports unknown keys with their path", () => {
  const found = problems(() =>
    parseConfig(`[server]\nlisten = "127.0.0.1:1"\nlisen = 2\n${base}`, "f.toml")
  );
  assert.deepEqual(found, ['server: unknown key(s) "lisen"']);
});

Deno.test("parseConfig reports wrong types, duplicates and unknown providers", () => {
  const text = `
[server]
retry_attempts = "three"
[[providers]]
name = "a"
type = "openai"
base_url = "https://x.test"
[[providers]]
name = "a"
type = "anthropic"
base_url = "https://y.test"
[[routes]]
match = "gpt-"
provider = "a"
fallback_providers = ["nope"]
`;
  const schemaProblems = problems(() => parseConfig(text, "f.toml"));
  assert.equal(schemaProblems.length, 1);
  assert.match(schemaProblems[0], /^server\.retry_attempts: /);
  const cross = problems(() => parseConfig(text.replace('"three"', "3"), "f.toml"));
  assert.deepEqual(cross, [
    'providers[1].name: duplicate provider name "a"',
    'routes[0].fallback_providers[0]: unknown provider "nope"',
  ]);
});

Deno.test("parseConfig rejects invalid TOML, bad listen and a missing base_url", () => {
  assert.match(problems(() => parseConfig("[server", "f.toml"))[0], /^not valid TOML/);
  assert.match(
    problems(() => parseConfig(`[server]\nlisten = "nope"\n${base}`, "f.toml"))[0],
    /^server\.listen: must be HOST:PORT/,
  );
  const noUrl = base.replace('base_url = "https://example.test/v1"\n', "");
  assert.deepEqual(problems(() => parseConfig(noUrl, "f.toml")), [
    'providers[0].base_url: required for type "openai"',
  ]);
});

Deno.test("api_key_file is read and trimmed; x_high is accepted as xhigh", () => {
  const text = base.replace('api_key_env = "UP_KEY"', 'api_key_file = "/keys/a"') +
    '\n[server]\ndefault_reasoning_effort = "x_high"\n';
  const loaded = loadConfig(text, "f.toml", io());
  assert.equal(loaded.providers.get("up")?.apiKey, "file-key");
  assert.equal(loaded.config.server.default_reasoning_effort, "xhigh");
});

Deno.test("defaultConfig routes model families to keyed providers and the rest to echo", () => {
  const none = defaultConfig(() => undefined);
  assert.deepEqual(none.providers.map((p) => p.type), ["echo"]);
  const keyed = defaultConfig((name) => (name === "ANTHROPIC_API_KEY" ? "k" : undefined));
  assert.deepEqual(keyed.routes.map((r) => `${r.match}->${r.provider}`), [
    "claude-->anthropic",
    "*->echo",
  ]);
});
