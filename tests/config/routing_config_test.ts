import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../lib/config/load.ts";
import { createRouter } from "../../lib/router/router.ts";

const PROVIDERS = `
[[providers]]
name = "a"
type = "echo"

[[providers]]
name = "b"
type = "echo"
`;

function problemsOf(toml: string, env: Record<string, string> = {}): string[] {
  try {
    loadConfig(toml, "t.toml", { env: (n) => env[n], readFile: () => "" });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail("the config was accepted");
}

Deno.test("an unknown strategy fails start-up naming routes[i].strategy", () => {
  const problems = problemsOf(`${PROVIDERS}
[[routes]]
match = "*"
strategy = "fastest"
targets = [{ provider = "a" }]
`);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^routes\[0\]\.strategy: /);
  assert.match(problems[0], /weighted/);
});

Deno.test("a weight of 0 or below fails naming routes[i].targets[j].weight", () => {
  for (const weight of [0, -2]) {
    const problems = problemsOf(`${PROVIDERS}
[[routes]]
match = "*"
targets = [{ provider = "a", weight = 1 }, { provider = "b", weight = ${weight} }]
`);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^routes\[0\]\.targets\[1\]\.weight: /);
  }
});

Deno.test("a target naming no provider, or an unknown one, fails naming its key path", () => {
  const missing = problemsOf(`${PROVIDERS}
[[routes]]
match = "*"
targets = [{ model = "x", weight = 1 }]
`);
  assert.deepEqual(missing.length, 1);
  assert.match(missing[0], /^routes\[0\]\.targets\[0\]\.provider: /);
  const unknown = problemsOf(`${PROVIDERS}
[[routes]]
match = "*"
targets = [{ provider = "a" }, { provider = "nope" }]
`);
  assert.deepEqual(unknown, ['routes[0].targets[1].provider: unknown provider "nope"']);
});

Deno.test("an unknown condition key fails naming routes[i].when", () => {
  const problems = problemsOf(`${PROVIDERS}
[[routes]]
match = "claude-"
provider = "a"
[routes.when]
has_image = true

[[routes]]
match = "*"
provider = "b"
`);
  assert.deepEqual(problems, ['routes[0].when: unknown key(s) "has_image"']);
});

Deno.test("a bad condition value and an unknown target key name their paths", () => {
  const problems = problemsOf(`${PROVIDERS}
[[routes]]
match = "*"
targets = [{ provider = "a", wieght = 2 }]
when = { client = "cohere", min_input_tokens = -1 }
`);
  assert.ok(problems.some((p) => p.startsWith('routes[0].targets[0]: unknown key(s) "wieght"')));
  assert.ok(problems.some((p) => p.startsWith("routes[0].when.client: ")));
  assert.ok(problems.some((p) => p.startsWith("routes[0].when.min_input_tokens: ")));
});

Deno.test("a route needs provider or targets, not both and not neither", () => {
  const neither = problemsOf(`${PROVIDERS}\n[[routes]]\nmatch = "*"\n`);
  assert.deepEqual(neither, ["routes[0].provider: give provider or targets"]);
  const both = problemsOf(`${PROVIDERS}
[[routes]]
match = "*"
provider = "a"
targets = [{ provider = "b" }]
`);
  assert.deepEqual(both, ["routes[0].provider: give provider or targets"]);
});

Deno.test("list_as names must be names the route takes", () => {
  const problems = problemsOf(`${PROVIDERS}
[[routes]]
match = "claude-"
provider = "a"
list_as = ["claude-sonnet-4-6", "gpt-5"]
`);
  assert.deepEqual(problems, [
    'routes[0].list_as[1]: "gpt-5" does not match this route\'s match',
  ]);
});

Deno.test("api_key_env as a list: every variable must be set, each named by its index", () => {
  const toml = `
[[providers]]
name = "o"
type = "openai"
base_url = "http://o.test"
api_key_env = ["K1", "K2"]

[[routes]]
match = "*"
provider = "o"
`;
  assert.deepEqual(problemsOf(toml, { K1: "x" }), [
    "providers[0].api_key_env[1]: environment variable K2 is not set",
  ]);
  const loaded = loadConfig(toml, "t.toml", {
    env: (n) => ({ K1: " one ", K2: "two" } as Record<string, string>)[n],
    readFile: () => "",
  });
  assert.deepEqual(loaded.providers.get("o")!.apiKeys, ["one", "two"]);
  assert.equal(loaded.providers.get("o")!.apiKey, "one");
});

Deno.test("conditional routes may share a match; plain duplicates still fail", () => {
  const ok = loadConfig(
    `${PROVIDERS}
[[routes]]
match = "claude-"
provider = "a"
when = { has_images = true }

[[routes]]
match = "claude-"
provider = "b"
when = { thinking = true }

[[routes]]
match = "claude-"
provider = "b"
`,
    "t.toml",
    { env: () => undefined, readFile: () => "" },
  );
  assert.equal(ok.config.routes.length, 3);
  const dup = problemsOf(`${PROVIDERS}
[[routes]]
match = "claude-"
provider = "a"

[[routes]]
match = "claude-"
provider = "b"
`);
  assert.deepEqual(dup, ['routes[1].match: duplicate route "claude-"']);
});

Deno.test('a prefix route written as a glob ("slow-*") matches its prefix', () => {
  const loaded = loadConfig(
    `${PROVIDERS}
[[routes]]
match = "slow-*"
provider = "b"

[[routes]]
match = "*"
provider = "a"
`,
    "t.toml",
    { env: () => undefined, readFile: () => "" },
  );
  assert.equal(loaded.config.routes[0].match, "slow-");
  const router = createRouter(loaded.config.routes);
  assert.equal(router("slow-model")?.provider, "b");
  assert.equal(router("fast-model")?.provider, "a");
});

Deno.test('a "*" inside a match is refused with the fix, not left to route nothing', () => {
  const problems = problemsOf(`${PROVIDERS}
[[routes]]
match = "claude-*-sonnet"
provider = "a"
`);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^routes\[0\]\.match: "claude-\*-sonnet": "\*" is a wildcard only/);
});
