/**
 * The command line as a user runs it: `deno run main.ts <command>` in a subprocess.
 */
import assert from "node:assert/strict";

const main = new URL("../../main.ts", import.meta.url).pathname;

async function run(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

async function tempConfig(text: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".toml" });
  await Deno.writeTextFile(path, text);
  return path;
}

Deno.test("ferryllm version prints the version, commit, build date and runtime", async () => {
  const { VERSION } = await import("../../lib/version.ts");
  const { code, stdout } = await run("version");
  assert.equal(code, 0);
  const lines = stdout.trim().split("\n");
  assert.equal(lines[0], `ferryllm ${VERSION}`);
  assert.match(stdout, /^commit: source$/m);
  assert.match(stdout, /^built: source$/m);
  assert.match(stdout, /^runtime: deno \d/m);
  assert.equal((await run("--version")).stdout, stdout);
});

Deno.test("ferryllm --help lists the commands; an unknown command exits 2", async () => {
  const help = await run("--help");
  assert.equal(help.code, 0);
  for (const command of ["serve", "check-config", "healthcheck", "version"]) {
    assert.match(help.stdout, new RegExp(`^  ${command} `, "m"));
  }
  assert.equal((await run()).stdout, help.stdout);
  const unknown = await run("frobnicate");
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  assert.match(unknown.stderr, /usage: ferryllm <command>/);
});

/** The commands `ferryllm --help` lists: every one must have its own help and refuse bad flags. */
const listed = await (async () => {
  const { stdout } = await run("--help");
  const list = stdout.slice(
    stdout.indexOf("commands:\n") + 10,
    stdout.indexOf("\n\n", stdout.indexOf("commands:")),
  );
  return list.split("\n").map((line) => line.trim().split(/\s+/)[0]).filter(Boolean);
})();

Deno.test("ferryllm --help lists init among its commands", () => {
  assert.ok(listed.includes("init") && listed.includes("serve"), listed.join());
});

for (const command of listed) {
  Deno.test(`ferryllm ${command} --help prints its usage; an unknown flag prints it and exits 2`, async () => {
    const help = await run(command, "--help");
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, new RegExp(`^usage:\\n  ferryllm ${command}\\b`));
    assert.match(help.stdout, /--help/);
    assert.equal((await run("help", command)).stdout, help.stdout);
    const bad = await run(command, "--no-such-flag");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown flag "--no-such-flag"/);
    assert.ok(bad.stderr.includes(help.stdout.trim()), bad.stderr);
  });
}

Deno.test("deno task start --help prints the serve help instead of serving", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "start", "--help"],
    cwd: new URL("../..", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.ok(stdout.startsWith("usage:\n  ferryllm serve "), stdout);
});

Deno.test("ferryllm healthcheck exits 1 when nothing answers", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const { code, stderr } = await run("healthcheck", "--url", `http://127.0.0.1:${port}/healthz`);
  assert.equal(code, 1);
  assert.match(stderr, /^unhealthy: /);
});

Deno.test("check-config prints the route table and each provider's endpoint, never a key", async () => {
  const path = await tempConfig(`
[[providers]]
name = "oa"
type = "openai"
base_url = "https://api.example.test/v1"
api_key = "sk-super-secret-value"

[[routes]]
match = "claude-"
provider = "oa"
rewrite_model = "gpt-5.5"

[[routes]]
match = "cc"
match_type = "exact"
provider = "oa"
`);
  try {
    const { code, stdout, stderr } = await run("check-config", "--config", path);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /cc\s+exact\s+→ oa/);
    assert.match(stdout, /claude-\s+prefix\s+→ oa \(model → gpt-5\.5\)/);
    assert.match(stdout, /POST https:\/\/api\.example\.test\/v1\/chat\/completions/);
    assert.match(stdout, /config OK/);
    assert.ok(
      !stdout.includes("sk-super-secret-value") && !stderr.includes("sk-super-secret-value"),
    );
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("check-config exits 1 naming the file and the key path of each problem", async () => {
  const path = await tempConfig(`
[server]
listen = "nowhere"

[[providers]]
name = "oa"
type = "openai"
base_url = "https://api.example.test"

[[routes]]
match = "*"
provider = "missing"
`);
  try {
    const { code, stderr } = await run("check-config", "--config", path);
    assert.equal(code, 1);
    assert.ok(stderr.includes(path), stderr);
    assert.match(stderr, /server\.listen: must be HOST:PORT/);
  } finally {
    await Deno.remove(path);
  }
});
