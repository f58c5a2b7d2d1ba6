/**
 * A first run explains itself: `ferryllm serve` prints where each route goes, which providers
 * have keys, where it listens and whether auth is on; it warns loudly when it listens beyond
 * loopback with auth off; and the zero-config default lists models at `/v1/models`.
 */
import assert from "node:assert/strict";

const main = new URL("../../main.ts", import.meta.url).pathname;

interface Started {
  url: string;
  stdout: () => string;
  stderr: () => string;
  stop(): Promise<void>;
}

/** Starts `serve` in an empty directory and waits (at most 30 s) for its summary's auth line. */
async function serve(args: string[], env: Record<string, string>): Promise<Started> {
  const cwd = await Deno.makeTempDir({ prefix: "ferryllm-startup-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, "serve", ...args],
    cwd,
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "", NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  let err = "";
  const pump = (stream: ReadableStream<Uint8Array>, add: (s: string) => void) =>
    stream.pipeThrough(new TextDecoderStream()).pipeTo(new WritableStream({ write: add }));
  const pumps = Promise.all([
    pump(child.stdout, (s) => (out += s)),
    pump(child.stderr, (s) => (err += s)),
  ]);
  const deadline = Date.now() + 30_000;
  while (!/^auth: /m.test(out) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
  const stop = async () => {
    child.kill("SIGTERM");
    await child.status;
    await pumps;
    await Deno.remove(cwd, { recursive: true });
  };
  if (!url || !/^auth: /m.test(out)) {
    await stop();
    throw new Error(`no startup summary within 30 s\nstdout:\n${out}\nstderr:\n${err}`);
  }
  return { url, stdout: () => out, stderr: () => err, stop };
}

Deno.test("serve prints the route table, key status, listen address and auth state", async () => {
  const server = await serve(["--listen", "127.0.0.1:0"], { OPENAI_API_KEY: "sk-test-not-real" });
  try {
    const out = server.stdout();
    assert.match(out, /^listening on http:\/\/127\.0\.0\.1:\d+ \(config: \(built-in default\)\)$/m);
    assert.match(out, /^ {2}gpt-\*\s+→ openai$/m);
    assert.match(out, /^ {2}\*\s+→ echo$/m);
    assert.match(out, /^ {2}openai \(openai\): key found \(OPENAI_API_KEY\)$/m);
    assert.match(out, /^ {2}echo \(echo\): built-in, answers locally, no key needed$/m);
    assert.match(out, /^auth: off /m);
    assert.ok(!out.includes("sk-test-not-real") && !server.stderr().includes("sk-test-not-real"));
    assert.doesNotMatch(server.stderr(), /WARNING/);
  } finally {
    await server.stop();
  }
});

/** stdout and stderr are separate pipes: a line on one may arrive after the other's. */
async function waitFor(read: () => string, pattern: RegExp, ms = 10_000): Promise<string> {
  const until = Date.now() + ms;
  while (!pattern.test(read()) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return read();
}

Deno.test("serve on 0.0.0.0 with auth off warns loudly; with auth on it does not", async () => {
  const open = await serve(["--listen", "0.0.0.0:0"], {});
  try {
    await waitFor(open.stderr, /\[auth\] enabled = true/);
    assert.match(open.stderr(), /!! WARNING: listening on 0\.0\.0\.0:\d+ with auth OFF/);
    assert.match(open.stderr(), /\[auth\] enabled = true/);
  } finally {
    await open.stop();
  }
  const dir = await Deno.makeTempDir();
  const config = `${dir}/ferryllm.toml`;
  await Deno.writeTextFile(
    config,
    `[auth]\nenabled = true\n\n[[providers]]\nname = "echo"\ntype = "echo"\n\n[[routes]]\nmatch = "*"\nprovider = "echo"\n`,
  );
  const guarded = await serve(["--listen", "0.0.0.0:0", "--config", config], {
    FERRYLLM_API_KEYS: "k1,k2",
  });
  try {
    assert.match(guarded.stdout(), /^auth: on \(2 gateway keys in FERRYLLM_API_KEYS\)$/m);
    assert.doesNotMatch(guarded.stderr(), /WARNING/);
  } finally {
    await guarded.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the zero-config default lists the models it serves at /v1/models", async () => {
  const server = await serve(["--listen", "127.0.0.1:0"], { ANTHROPIC_API_KEY: "sk-ant-test" });
  try {
    const openai = await (await fetch(`${server.url}/v1/models`)).json();
    const ids = openai.data.map((m: { id: string }) => m.id);
    assert.ok(ids.includes("echo"), ids.join());
    assert.ok(ids.includes("claude-sonnet-4-6"), ids.join());
    const gemini = await (await fetch(`${server.url}/v1beta/models`)).json();
    assert.ok(gemini.models.length >= ids.length);
  } finally {
    await server.stop();
  }
  const bare = await serve(["--listen", "127.0.0.1:0"], {});
  try {
    const body = await (await fetch(`${bare.url}/v1/models`)).json();
    assert.deepEqual(body.data.map((m: { id: string }) => m.id), ["echo"]);
  } finally {
    await bare.stop();
  }
});
