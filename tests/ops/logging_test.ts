import assert from "node:assert/strict";
import { configureLogging } from "../../lib/observability/logger.ts";
import { createHandler } from "../../lib/server/handler.ts";
import { keyHashOf } from "../../lib/server/middleware/auth.ts";
import { BASE_PROVIDERS, chatRequest, config, errorJson, post, scriptedFetch } from "./_support.ts";

const SECRET_KEY = "gw-key-SUPERSECRET-0042";
const SECRET_PROMPT = "my bank PIN is 918273";

function run(format: "text" | "json", logBodies = false) {
  const loaded = config(`
[logging]
level = "debug"
format = "${format}"
log_bodies = ${logBodies}
[auth]
enabled = true
[server]
retry_attempts = 1
${BASE_PROVIDERS}
[[routes]]
match = "gpt-"
provider = "up"
[[routes]]
match = "*"
provider = "echo"
`);
  const lines: string[] = [];
  const log = configureLogging(loaded.config.logging, (line) => lines.push(line));
  const { fetch } = scriptedFetch({
    "upstream.test": [errorJson(503, "busy"), errorJson(503, "busy")],
  });
  const handler = createHandler({
    config: loaded,
    log,
    fetch,
    sleep: () => Promise.resolve(),
    env: (name) => (name === "FERRYLLM_API_KEYS" ? SECRET_KEY : undefined),
  });
  return { handler, lines };
}

async function traffic(handler: (r: Request) => Promise<Response>) {
  const auth = { authorization: `Bearer ${SECRET_KEY}`, "x-api-key": SECRET_KEY };
  for (const model of ["echo-model", "gpt-x"]) {
    for (const stream of [false, true]) {
      const res = await handler(
        post("/v1/chat/completions", chatRequest(model, SECRET_PROMPT, stream), auth),
      );
      await res.text();
    }
  }
  const wrong = await handler(
    post("/v1/chat/completions", chatRequest("echo-model", SECRET_PROMPT), {
      authorization: `Bearer ${SECRET_KEY}x`,
    }),
  );
  await wrong.text();
}

Deno.test("no key and no prompt ever reach the log, while access lines carry the key hash", async () => {
  const { handler, lines } = run("text");
  await traffic(handler);
  const all = lines.join("\n");
  assert.ok(lines.length >= 6, all);
  assert.ok(!all.includes("SUPERSECRET"), "the gateway key leaked");
  assert.ok(!all.includes("918273"), "the prompt leaked");
  assert.ok(!all.includes("sk-upstream-secret"), "the provider key leaked");
  const access = lines.filter((l) => / request requestId=/.test(l));
  assert.equal(access.length, 4);
  const hash = await keyHashOf(SECRET_KEY);
  assert.ok(access.every((l) => l.includes(`keyHash=${hash}`)));
  assert.ok(access.some((l) => /stream=true/.test(l) && /provider=echo/.test(l)));
  assert.ok(lines.some((l) => /DEBUG routed /.test(l)), "routing decisions at debug");
  assert.ok(lines.some((l) => /retrying upstream/.test(l)));
});

Deno.test("json log lines are one object each with the access fields flattened in", async () => {
  const { handler, lines } = run("json");
  await traffic(handler);
  const records = lines.map((l) => JSON.parse(l));
  const access = records.filter((r) => r.message === "request");
  assert.equal(access.length, 4);
  const failed = access.find((r) => r.clientModel === "gpt-x" && r.stream === false);
  assert.equal(failed.status, 503);
  assert.equal(failed.provider, "up");
  assert.equal(failed.attempts, 2);
  assert.equal(typeof failed.latencyMs, "number");
  assert.ok(!lines.join("\n").includes("918273"));
});

Deno.test("log_bodies is the one switch that lets a prompt into the log", async () => {
  const { handler, lines } = run("text", true);
  await traffic(handler);
  assert.ok(lines.join("\n").includes("918273"));
  assert.ok(!lines.join("\n").includes("SUPERSECRET"), "keys stay out even then");
});
