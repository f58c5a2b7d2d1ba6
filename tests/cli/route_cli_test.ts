/**
 * The routing commands as a user runs them: `ferryllm route` and a `serve` that refuses a bad
 * pool config before it listens.
 */
import assert from "node:assert/strict";

const main = new URL("../../main.ts", import.meta.url).pathname;

async function run(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

async function temp(suffix: string, text: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix });
  await Deno.writeTextFile(path, text);
  return path;
}

const CONFIG = `
[[providers]]
name = "local"
type = "echo"

[[providers]]
name = "vision"
type = "echo"

[[routes]]
match = "claude-"
provider = "vision"
rewrite_model = "vision-model"
when = { has_images = true }

[[routes]]
match = "claude-"
provider = "local"
`;

Deno.test("ferryllm route answers provider, model and rule for a request body file", async () => {
  const config = await temp(".toml", CONFIG);
  const body = await temp(
    ".json",
    JSON.stringify({
      model: "claude-sonnet-4-6",
      messages: [{
        role: "user",
        content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }],
      }],
    }),
  );
  try {
    const { code, stdout, stderr } = await run(["route", "--config", config, "--body", body]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /request: openai \(guessed from the body\), model claude-sonnet-4-6/);
    assert.match(stdout, /goes to: provider vision, model vision-model/);
    assert.match(stdout, /because: routes\[0\] .*has_images = true/);
    const missing = await run(["route", "--config", config]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--body/);
  } finally {
    await Deno.remove(config);
    await Deno.remove(body);
  }
});

Deno.test("serve refuses a bad pool config before listening, naming the key path", async () => {
  const config = await temp(
    ".toml",
    `${CONFIG}
[[routes]]
match = "gpt-"
strategy = "round_robin"
targets = [{ provider = "local", weight = 0 }]
`,
  );
  try {
    const { code, stderr } = await run(["serve", "--config", config, "--listen", "127.0.0.1:0"]);
    assert.equal(code, 1);
    assert.match(stderr, /routes\[2\]\.strategy: /);
    assert.match(stderr, /routes\[2\]\.targets\[0\]\.weight: /);
  } finally {
    await Deno.remove(config);
  }
});
