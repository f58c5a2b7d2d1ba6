/**
 * What a new user gets from a fresh clone, with an empty Deno cache:
 * - `deno task start` downloads only the gateway's runtime packages (no test SDKs), prints no
 *   warning a user must act on, and answers a chat request;
 * - the README's single-binary steps, run verbatim, build a binary that serves, and leave the
 *   clone clean (no stray lockfile).
 */
import assert from "node:assert/strict";

const repo = new URL("../../", import.meta.url).pathname;

interface Clone {
  dir: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function freshClone(): Promise<Clone> {
  const dir = await Deno.makeTempDir({ prefix: "ferryllm-clone-" });
  const git = await new Deno.Command("git", {
    args: ["clone", "--quiet", repo, `${dir}/ferryllm`],
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(git.code, 0, new TextDecoder().decode(git.stderr));
  // The caller's environment (it may hold the CA settings that reach the registry), an empty
  // Deno cache, and no provider keys (so the default config is the offline echo provider).
  const env: Record<string, string> = {
    ...Deno.env.toObject(),
    DENO_DIR: `${dir}/deno-dir`,
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
    OPENAI_API_KEY: "",
    ANTHROPIC_API_KEY: "",
    GEMINI_API_KEY: "",
  };
  return { dir: `${dir}/ferryllm`, env, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

/** Runs `command` until its output shows a listening URL; returns it and the output so far. */
async function startAndWaitForUrl(command: string, args: string[], clone: Clone) {
  const child = new Deno.Command(command, {
    args,
    cwd: clone.dir,
    env: clone.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const collect = (stream: ReadableStream<Uint8Array>) =>
    stream.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({ write: (s) => void (output += s) }),
    );
  const pumps = Promise.all([collect(child.stdout), collect(child.stderr)]);
  const deadline = Date.now() + 120_000;
  let url: string | undefined;
  while (!url && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (/^auth: /m.test(output)) url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
  }
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already ended; its output says why */ }
    await child.status;
    await pumps;
    return output;
  };
  if (!url) throw new Error(`no listening line within 120 s:\n${await stop()}`);
  return { url, output: () => output, stop };
}

async function assertEchoes(url: string): Promise<void> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "any", messages: [{ role: "user", content: "first run" }] }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.equal(body.choices[0].message.content, "echo: first run");
}

/** The packages deno.runtime.lock names: all that a start may download. */
async function runtimePackages(): Promise<Set<string>> {
  const lock = JSON.parse(await Deno.readTextFile(`${repo}deno.runtime.lock`));
  return new Set(Object.keys(lock.npm).map((key) => key.slice(0, key.lastIndexOf("@"))));
}

Deno.test({
  name: "fresh clone: deno task start fetches only runtime packages; the README binary steps work",
  sanitizeResources: false,
  fn: async (t) => {
    const clone = await freshClone();
    try {
      await t.step("deno task start with an empty DENO_DIR", async () => {
        const started = performance.now();
        const server = await startAndWaitForUrl(
          Deno.execPath(),
          ["task", "start", "--listen", "127.0.0.1:0"],
          clone,
        );
        console.log(`first start: ${((performance.now() - started) / 1000).toFixed(1)} s`);
        try {
          await assertEchoes(server.url);
        } finally {
          await server.stop();
        }
        const output = server.output();
        assert.doesNotMatch(output, /Warning|approve-scripts|Ignored build scripts/i, output);
        const fetched = [...output.matchAll(/Download https:\/\/registry\.npmjs\.org\/(\S+)/g)]
          .map((m) => decodeURIComponent(m[1].replace(/\/-\/.*$/, "")));
        assert.ok(fetched.length > 0, "an empty cache fetches the runtime packages");
        const allowed = await runtimePackages();
        for (const name of new Set(fetched)) {
          assert.ok(
            allowed.has(name),
            `deno task start downloaded ${name}, not in deno.runtime.lock`,
          );
        }
        for (const sdk of ["openai", "@anthropic-ai/sdk", "@google/genai", "fast-check", "yaml"]) {
          assert.ok(!fetched.includes(sdk), `deno task start downloaded the test-only ${sdk}`);
        }
      });

      await t.step("the README's single-binary steps, verbatim", async () => {
        const readme = await Deno.readTextFile(`${clone.dir}/README.md`);
        const block = /<!-- fresh-clone-build -->\s*```sh\n([\s\S]*?)```/.exec(readme)?.[1];
        assert.ok(block, "README.md marks its build steps with <!-- fresh-clone-build -->");
        const steps = block.trim().split("\n");
        const built = await new Deno.Command("bash", {
          args: ["-euo", "pipefail", "-c", steps.join("\n")],
          cwd: clone.dir,
          env: clone.env,
          stdout: "piped",
          stderr: "piped",
        }).output();
        const log = new TextDecoder().decode(built.stdout) + new TextDecoder().decode(built.stderr);
        assert.equal(built.code, 0, log);
        assert.match(log, /^ferryllm \d+\.\d+\.\d+\ncommit: [0-9a-f]{12}$/m);
        const binary = /\.\/(dist\/ferryllm)\b/.exec(block)?.[1];
        assert.ok(binary, block);
        const server = await startAndWaitForUrl(
          `${clone.dir}/${binary}`,
          ["serve", "--listen", "127.0.0.1:0"],
          clone,
        );
        try {
          await assertEchoes(server.url);
        } finally {
          await server.stop();
        }
        const status = await new Deno.Command("git", {
          args: ["status", "--porcelain"],
          cwd: clone.dir,
          stdout: "piped",
        }).output();
        assert.equal(new TextDecoder().decode(status.stdout), "", "the build left the clone dirty");
      });
    } finally {
      await clone.cleanup();
    }
  },
});
