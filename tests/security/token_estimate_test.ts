/**
 * Class 7 of issue 8: the local token estimate (count_tokens on non-Anthropic routes, every echo
 * answer) must not hold the event loop. A 300 KB unbroken word used to take minutes of
 * uninterrupted CPU; now the gateway keeps answering `/health` while it counts.
 */
import { capturedLog } from "../support/log_capture.ts";
import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import {
  estimateTokens,
  estimateTokensLazily,
  loadTokenCounter,
  MAX_PIECE_CHARS,
} from "../../lib/tokens/estimate.ts";
import { clientCall, post, securityConfig } from "./_gateway.ts";

/**
 * Runs `work` while a 1 ms ticker measures the longest stall of the event loop. The bound the
 * tests assert is generous (the unbounded estimate stalled for seconds to minutes; a slice is a
 * few ms) because other test workers share the 2 cores and delay the ticker too.
 */
const MAX_STALL_MS = 1_000;
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let stallMs = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 1);
  try {
    return { result: await work(), stallMs };
  } finally {
    clearInterval(ticker);
  }
}

Deno.test("an echo answer for a 300 KB unbroken word never stalls the event loop", async () => {
  await loadTokenCounter(); // the tables load once per process; not what is measured
  const handler = createHandler({
    log: capturedLog().log,
    config: securityConfig("http://p.test"),
  });
  const word = "x".repeat(300_000);
  const { result, stallMs } = await longestStall(async () => {
    const order: string[] = [];
    const [answer, health] = await Promise.all([
      post(handler, clientCall("openai", "echo-model", word)).then((res) => {
        order.push("answer");
        return res;
      }),
      new Promise<Response>((resolve) =>
        setTimeout(() => resolve(handler(new Request("http://127.0.0.1:3000/health"))), 5)
      ).then((res) => {
        order.push("health");
        return res;
      }),
    ]);
    return { answer, health, order };
  });
  assert.equal(result.health.status, 200);
  // The loop kept serving while the word was counted: /health answered first.
  assert.deepEqual(result.order, ["health", "answer"]);
  assert.equal(result.answer.status, 200);
  const body = await result.answer.json();
  assert.ok(body.usage.prompt_tokens > 10_000, JSON.stringify(body.usage));
  assert.ok(stallMs < MAX_STALL_MS, `the event loop stalled for ${stallMs.toFixed(0)} ms`);
});

Deno.test("count_tokens on a non-Anthropic route stays responsive for a long word", async () => {
  const handler = createHandler({
    log: capturedLog().log,
    config: securityConfig("http://p.test"),
  });
  const call = clientCall("anthropic", "echo-model", "y".repeat(200_000));
  delete call.body.max_tokens;
  delete call.body.stream;
  const { result, stallMs } = await longestStall(() =>
    post(handler, { path: "/v1/messages/count_tokens", body: call.body })
  );
  assert.equal(result.status, 200);
  assert.ok((await result.json()).input_tokens > 10_000);
  assert.ok(stallMs < MAX_STALL_MS, `the event loop stalled for ${stallMs.toFixed(0)} ms`);
});

Deno.test("the piecewise estimate stays within 1% of the exact count on ordinary text", async () => {
  const count = await loadTokenCounter();
  const text = Array.from({ length: 4000 }, (_, i) => `word${i % 97} and, more; text ${i}.`)
    .join(i18nBreak());
  assert.ok(text.length > 20 * MAX_PIECE_CHARS);
  const ir = {
    model: "m",
    system: [],
    tools: [],
    stream: false,
    messages: [{ role: "user" as const, content: [{ type: "text" as const, text }] }],
  };
  const exact = count(text) + 4;
  const sync = estimateTokens(ir, count);
  const lazy = await estimateTokensLazily(ir);
  assert.equal(sync, lazy);
  assert.ok(Math.abs(sync - exact) / exact < 0.01, `${sync} vs ${exact}`);
});

function i18nBreak(): string {
  return " \u00e9t\u00e9 \u{1F600} ";
}
