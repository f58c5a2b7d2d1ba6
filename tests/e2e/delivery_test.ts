/**
 * Delivery: the three ways ferryllm ships must keep working offline. Each build is run for real
 * and then serves one request on the zero-config default (the built-in echo provider):
 * - a single binary from `bun build --compile` (the release's flags);
 * - the `deno bundle` file fetched by `deno run` from a loopback http URL, and run by `bun run`;
 * - the JSR package, checked by `deno publish --dry-run`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO_ROOT, tail } from "./clients.ts";
import { runTool, startServe } from "./serve_process.ts";
import { urlSafeBundle } from "../../scripts/url_safe_bundle.ts";
import { BINARY_BUILD_FLAGS } from "../../scripts/build_steps.ts";

const CACHE = join(REPO_ROOT, ".cache");
const BINARY = join(CACHE, "ferryllm-bin");
const BUNDLE = join(CACHE, "ferryllm.bundle.js");

/** One chat request to the echo provider; the reply must quote the prompt. */
async function assertEchoes(baseUrl: string): Promise<void> {
  const prompt = "ferry this sentence across";
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "echo-test", messages: [{ role: "user", content: prompt }] }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.equal(body.object, "chat.completion");
  assert.equal(body.choices[0].message.role, "assistant");
  assert.equal(body.choices[0].message.content, `echo: ${prompt}`);
}

Deno.test({
  name: "delivery: the bun --compile single binary serves a chat request",
  sanitizeResources: false,
  fn: async () => {
    // Built as the release builds it (minified, with bytecode).
    await runTool(
      "bun",
      ["build", ...BINARY_BUILD_FLAGS, "main.ts", "--outfile", BINARY],
      REPO_ROOT,
    );
    const server = await startServe(BINARY, ["serve", "--listen", "127.0.0.1:0"]);
    try {
      await assertEchoes(server.url);
    } finally {
      await server.close();
    }
  },
});

Deno.test({
  name: "delivery: the deno bundle runs from a loopback http URL and under bun run",
  sanitizeResources: false,
  fn: async (t) => {
    await runTool("deno", ["bundle", "main.ts", "--output", BUNDLE], REPO_ROOT);
    // As the release does: a remote URL is not a valid createRequire base (scripts/url_safe_bundle.ts).
    await Deno.writeTextFile(BUNDLE, urlSafeBundle(await Deno.readTextFile(BUNDLE)));
    const code = await Deno.readFile(BUNDLE);
    const files = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () => new Response(code, { headers: { "content-type": "application/javascript" } }),
    );
    const url = `http://127.0.0.1:${files.addr.port}/ferryllm.bundle.js`;
    try {
      await t.step("deno run <http url>", async () => {
        // --reload for this URL only: the port differs per run, but a stale cache must not win.
        const server = await startServe(Deno.execPath(), [
          "run",
          "--allow-all",
          "--unstable-no-legacy-abort", // as the README's command; deno.json's setting is not read
          `--reload=${url}`,
          url,
          "serve",
          "--listen",
          "127.0.0.1:0",
        ]);
        try {
          await assertEchoes(server.url);
        } finally {
          await server.close();
        }
      });
      await t.step("bun run <file>", async () => {
        const server = await startServe("bun", ["run", BUNDLE, "serve", "--listen", "127.0.0.1:0"]);
        try {
          await assertEchoes(server.url);
        } finally {
          await server.close();
        }
      });
    } finally {
      await files.shutdown();
    }
  },
});

Deno.test("delivery: deno publish --dry-run accepts the JSR package offline", async () => {
  const output = await runTool("deno", ["publish", "--dry-run", "--allow-dirty"], REPO_ROOT);
  assert.match(output, /Success Dry run complete/, tail(output));
});
