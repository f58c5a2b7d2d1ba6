/**
 * `ferryllm init`: every client × provider pair writes a config that check-config's loader
 * accepts and that routes every model to the chosen one; the CLI refuses to overwrite without
 * --force, exits 2 on bad usage, and asks its questions on a terminal.
 */
import assert from "node:assert/strict";
import { parse } from "smol-toml";
import { loadConfig } from "../../lib/config/load.ts";
import { createRouter } from "../../lib/router/router.ts";
import { CLIENTS, PROVIDERS } from "../../lib/cli/init/scenario.ts";
import { type InitIo, runInit } from "../../lib/cli/init/run_init.ts";

const main = new URL("../../main.ts", import.meta.url).pathname;

function memoryIo(files: Map<string, string> = new Map()) {
  const printed: string[] = [];
  const errors: string[] = [];
  const io: InitIo = {
    exists: (path) => files.has(path),
    write: (path, text) => void files.set(path, text),
    out: (text) => void printed.push(text),
    err: (text) => void errors.push(text),
  };
  return { io, files, printed, errors };
}

for (const client of CLIENTS) {
  for (const provider of PROVIDERS) {
    Deno.test(`init --client ${client} --provider ${provider} writes a config check-config accepts`, async () => {
      const { io, files, printed, errors } = memoryIo();
      const baseUrl = provider === "openai-compatible" ? "http://127.0.0.1:8000/v1" : undefined;
      const model = provider === "openai-compatible" ? "qwen3-coder" : undefined;
      const code = await runInit({ client, provider, baseUrl, model, out: "f.toml" }, io);
      assert.equal(code, 0, errors.join("\n"));
      const text = files.get("f.toml")!;
      const table = parse(text) as { providers: { api_key_env: string; models: string[] }[] };
      const keyEnv = table.providers[0].api_key_env;
      const chosen = table.providers[0].models[0];
      const loaded = loadConfig(text, "f.toml", {
        env: (name) => (name === keyEnv ? "sk-test" : undefined),
        readFile: () => "",
      });
      const route = createRouter(loaded.config.routes)("whatever-the-client-sends");
      assert.equal(route?.upstreamModel, chosen);
      assert.equal(loaded.providers.get(route!.provider)?.apiKey, "sk-test");
      const steps = printed.join("\n");
      assert.match(steps, new RegExp(`export ${keyEnv}=`));
      assert.match(steps, /127\.0\.0\.1:3000/);
      if (client === "claude-code") {
        const json = steps.slice(steps.indexOf("{"), steps.lastIndexOf("}") + 1)
          .split("\n").map((line) => line.trim()).join("");
        assert.deepEqual(JSON.parse(json).env, {
          ANTHROPIC_BASE_URL: "http://127.0.0.1:3000",
          ANTHROPIC_AUTH_TOKEN: "unused",
        });
      }
      if (client === "codex") assert.match(steps, /wire_api = "responses"/);
      if (client === "gemini-cli") {
        assert.match(steps, /GOOGLE_GEMINI_BASE_URL=http:\/\/127\.0\.0\.1:3000/);
      }
      if (client === "opencode") assert.match(steps, new RegExp(`"model": "ferryllm/${chosen}"`));
    });
  }
}

async function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, ...args],
    cwd,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("ferryllm init writes the file, check-config accepts it, and it refuses to overwrite", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const args = ["init", "--client", "codex", "--provider", "anthropic", "--out", "gw.toml"];
    const first = await run(args, dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^wrote gw\.toml/);
    const written = await Deno.readTextFile(`${dir}/gw.toml`);
    const check = await run(["check-config", "--config", "gw.toml"], dir, {
      ANTHROPIC_API_KEY: "sk-ant-test",
    });
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /config OK/);

    const again = await run([...args.slice(0, 4), "gemini", "--out", "gw.toml"], dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /gw\.toml already exists; pass --force/);
    assert.equal(await Deno.readTextFile(`${dir}/gw.toml`), written);

    const forced = await run([...args.slice(0, 4), "gemini", "--out", "gw.toml", "--force"], dir);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(await Deno.readTextFile(`${dir}/gw.toml`), /type = "gemini"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("init with a listen address beyond loopback turns auth on", async () => {
  const { io, files, printed } = memoryIo();
  const flags = { client: "codex", provider: "openai", out: "f.toml", listen: "0.0.0.0:3000" };
  assert.equal(await runInit(flags, io), 0);
  const loaded = loadConfig(files.get("f.toml")!, "f.toml", {
    env: () => "k",
    readFile: () => "",
  });
  assert.equal(loaded.config.auth.enabled, true);
  assert.match(printed.join("\n"), /export FERRYLLM_API_KEYS=/);
  const local = memoryIo();
  assert.equal(await runInit({ ...flags, listen: "127.0.0.1:3000" }, local.io), 0);
  assert.doesNotMatch(local.files.get("f.toml")!, /\[auth\]/);
});

Deno.test("ferryllm init without a terminal names the missing flag and exits 2", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const missing = await run(["init", "--client", "codex"], dir);
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /missing --provider \(one of openai, anthropic, gemini, openai-compatible\)/,
    );
    const compatible = await run(
      ["init", "--client", "codex", "--provider", "openai-compatible"],
      dir,
    );
    assert.equal(compatible.code, 2);
    assert.match(compatible.stderr, /needs --base-url URL/);
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ferryllm init asks on a terminal (driven through script(1))", async () => {
  const dir = await Deno.makeTempDir();
  const child = new Deno.Command("script", {
    // A new pty has 0 columns: give it a real terminal's size, or the prompts wrap every char.
    args: [
      "-qfec",
      `stty cols 120 rows 40; exec ${Deno.execPath()} run -A ${main} init --out tty.toml`,
      "/dev/null",
    ],
    cwd: dir,
    env: { TERM: "xterm", NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const writer = child.stdin.getWriter();
  let seen = "";
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const waitFor = async (text: string) => {
    while (!seen.includes(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`terminal closed before "${text}":\n${seen}`);
      seen += value;
    }
  };
  const keys = (s: string) => writer.write(new TextEncoder().encode(s));
  try {
    await waitFor("Which client");
    await keys("\x1b[B\x1b[B\r"); // the third client: Gemini CLI
    await waitFor("Which provider");
    await keys("\x1b[B\r"); // the second provider: Anthropic
    await waitFor("Which model");
    await keys("claude-opus-4-6\r");
    await waitFor("GOOGLE_GEMINI_BASE_URL");
    const config = await Deno.readTextFile(`${dir}/tty.toml`);
    assert.match(config, /type = "anthropic"/);
    assert.match(config, /rewrite_model = "claude-opus-4-6"/);
    assert.match(config, /Gemini CLI → anthropic/);
  } finally {
    clearTimeout(timer);
    await writer.close().catch(() => {});
    while (!(await reader.read()).done) { /* drain */ }
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});
