/**
 * Class 10 of issue 8: upstream error pages (answer text included) and huge client model names
 * reach no log line; lines carry status, kind and a bounded summary. CI also scans every line the
 * whole suite logged (tests/log_scan.ts); this test makes the same check on lines it provokes.
 */
import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { capturedLog } from "../support/log_capture.ts";
import { startHostileUpstream } from "../support/hostile_upstream.ts";
import { CANARY, clientCall, ENTRIES, post, securityConfig } from "./_gateway.ts";
import { findLeaks } from "./_leaks.ts";

function upstreamSaying(status: number, body: string, contentType: string): typeof fetch {
  return (() =>
    Promise.resolve(
      new Response(body, { status, headers: { "content-type": contentType } }),
    )) as typeof fetch;
}

Deno.test("upstream error bodies, prompts, answers and keys never reach a log line", async () => {
  const { log, lines } = capturedLog();
  const from = lines.length;
  const pages: Array<[number, string, string]> = [
    [502, `<html><p>${CANARY.answer}</p><p>${CANARY.prompt}</p></html>`, "text/html"],
    [
      500,
      JSON.stringify({ error: { message: `echoing ${CANARY.prompt}`, type: "server_error" } }),
      "application/json",
    ],
    [
      503,
      JSON.stringify({
        type: "error",
        error: { type: "overloaded_error", message: CANARY.answer },
      }),
      "application/json",
    ],
    [
      400,
      JSON.stringify({
        error: { message: `bad: ${CANARY.prompt}`, type: "invalid_request_error" },
      }),
      "application/json",
    ],
  ];
  for (const [status, body, type] of pages) {
    for (const upstream of ENTRIES) {
      const handler = createHandler({
        log,
        config: securityConfig("http://p.test", "retry_attempts = 1\nretry_backoff_ms = 0"),
        fetch: upstreamSaying(status, body, type),
      });
      const res = await post(handler, clientCall("openai", `${upstream}-m`, CANARY.prompt));
      assert.equal(res.status, status);
      await res.body?.cancel();
    }
  }
  const huge = `openai-${"m".repeat(444_000)}`;
  const handler = createHandler({
    log,
    config: securityConfig("http://p.test"),
    fetch: upstreamSaying(502, "<html>down</html>", "text/html"),
  });
  await (await post(handler, clientCall("anthropic", huge, CANARY.prompt))).body?.cancel();
  const mine = lines.slice(from);
  assert.ok(mine.some((line) => line.includes('"request failed"')), "failures are logged");
  assert.ok(mine.some((line) => /withheld/.test(line)), "the upstream body is withheld");
  assert.deepEqual(findLeaks(mine), []);
});

Deno.test("hostile upstream streams leave no answer text in the logs", async () => {
  const { log, lines } = capturedLog();
  const from = lines.length;
  const upstream = startHostileUpstream(CANARY.answer);
  try {
    for (const fault of ["malformed_sse", "invalid_json_200", "reset_after_2", "html_502"]) {
      for (const entry of ENTRIES) {
        const handler = createHandler({
          log,
          config: securityConfig(`${upstream.url}/${fault}/log`, "request_timeout_secs = 2"),
        });
        const res = await post(handler, clientCall(entry, "anthropic-m", CANARY.prompt, true));
        await res.text();
      }
    }
  } finally {
    await upstream.close();
  }
  const mine = lines.slice(from);
  assert.ok(mine.length > 0);
  assert.deepEqual(findLeaks(mine), []);
});
