/**
 * A shipped build's lazily loaded parts, exercised: the price table (first priced request) and
 * the tokenizer (first token count) are dynamic imports, which a bundler or a bytecode build can
 * break while `version` and a plain echo request still work. Runs the build's own
 * `mock-upstream` as the OpenAI upstream and its `serve` in front of it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { startServe } from "../e2e/serve_process.ts";

/** `argv`: how to run the build (`[binary]` or `[deno, "run", "-A", bundle]`). */
export async function assertLoadsOnUse(argv: string[]): Promise<void> {
  const [command, ...prefix] = argv;
  const mock = await startServe(command, [...prefix, "mock-upstream", "--listen", "127.0.0.1:0"]);
  const config = await Deno.makeTempFile({ suffix: ".toml" });
  try {
    await Deno.writeTextFile(
      config,
      `[[providers]]\nname = "up"\ntype = "openai"\nbase_url = "${mock.url}/v1"\n` +
        `api_key = "test"\n\n[[routes]]\nmatch = "*"\nprovider = "up"\n`,
    );
    const gateway = await startServe(command, [
      ...prefix,
      "serve",
      "--config",
      config,
      "--listen",
      "127.0.0.1:0",
    ]);
    try {
      await assertPriced(gateway.url);
      await assertCounts(gateway.url);
    } finally {
      await gateway.close();
    }
  } finally {
    await mock.close();
    await Deno.remove(config);
  }
}

/** A gpt-4o-mini request through a fresh gateway is counted at its list price in /metrics. */
async function assertPriced(url: string): Promise<void> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
  });
  assert.equal(response.status, 200, await response.text());
  // (The model label is bucketed: unlisted models count under "other".)
  const line = /^ferryllm_cost_usd_total\{[^}]*provider="up"[^}]*\} (\S+)$/m;
  let metrics = "";
  // Usage is recorded in the background once the price table has loaded: poll, bounded.
  for (let i = 0; i < 100 && !line.test(metrics); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    metrics = await (await fetch(`${url}/metrics`)).text();
  }
  const cost = Number(line.exec(metrics)?.[1]);
  assert.ok(cost > 0, `no priced cost in /metrics:\n${metrics.slice(0, 2000)}`);
}

/** Anthropic's count_tokens for an OpenAI model is counted locally, by the tokenizer. */
async function assertCounts(url: string): Promise<void> {
  const response = await fetch(`${url}/v1/messages/count_tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "the quick brown fox jumps over the lazy dog" }],
    }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.ok(body.input_tokens >= 9, JSON.stringify(body));
}
