/**
 * Class 5 of issue 8, from all four entries, streaming and not, and count_tokens: an upstream
 * that resets (before headers and after every event), hangs (before headers and mid-stream),
 * sends malformed SSE, an HTML 502, a 200 with invalid JSON or a huge line gets the client a
 * protocol-shaped 502/504 (or, once a stream has started, its terminal error frame) within the
 * timeout, and the upstream socket is closed within the timeout too.
 */
import { capturedLog } from "../support/log_capture.ts";
import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { type Fault, startHostileUpstream } from "../support/hostile_upstream.ts";
import {
  CANARY,
  clientCall,
  ENTRIES,
  type EntryName,
  isErrorShape,
  post,
  securityConfig,
} from "./_gateway.ts";

const TIMEOUT_SECS = 2;
/** Slack on top of the timeout for a loaded 2-core CI machine. */
const GRACE_MS = 4_000;
const BASE_FAULTS: Fault[] = [
  "ok",
  "reset_before_headers",
  "hang_before_headers",
  "malformed_sse",
  "html_502",
  "invalid_json_200",
  "huge_line",
];
/** Enough to cut every stream of the mock's short answer at every event. */
const EVENT_CUTS = 12;
/** A protocol's terminal error frame (Responses' `"error":null` on success does not count). */
const ERROR_FRAME = /"error":\s*\{|event: error|response\.failed/;

function faults(): Fault[] {
  const cuts: Fault[] = [];
  for (let k = 0; k <= EVENT_CUTS; k++) cuts.push(`reset_after_${k}`, `hang_after_${k}`);
  return [...BASE_FAULTS, ...cuts];
}

/** Each entry against another protocol's upstream, so every entry and every upstream is used. */
const PAIRS: Array<[EntryName, EntryName]> = ENTRIES.map((entry, i) => [
  entry,
  ENTRIES[(i + 1) % ENTRIES.length],
]);

let caseId = 0;

for (const [entry, upstreamType] of PAIRS) {
  for (const stream of [false, true]) {
    Deno.test(`${entry} client, hostile ${upstreamType} upstream, stream=${stream}`, async () => {
      const upstream = startHostileUpstream(CANARY.answer);
      try {
        await Promise.all(
          faults().map(async (fault) => {
            const base = `${upstream.url}/${fault}/c${++caseId}`;
            const handler = createHandler({
              log: capturedLog().log,
              config: securityConfig(base, `request_timeout_secs = ${TIMEOUT_SECS}`),
            });
            const started = performance.now();
            const res = await post(handler, clientCall(entry, `${upstreamType}-m`, "hi", stream));
            const text = await res.text();
            const elapsed = performance.now() - started;
            const what = `${fault}: ${res.status} ${text.slice(0, 300)}`;
            assert.ok(elapsed < TIMEOUT_SECS * 1000 + GRACE_MS, `${what} took ${elapsed} ms`);
            assert.notEqual(res.status, 500, what);
            if (res.status !== 200) {
              assert.ok([502, 504].includes(res.status), what);
              assert.ok(isErrorShape(entry, JSON.parse(text)), what);
            } else if (fault !== "ok" && !/^(reset|hang)_after_/.test(fault)) {
              assert.ok(stream && ERROR_FRAME.test(text), `a fault answered 200: ${what}`);
            }
            if (fault === "ok") {
              assert.equal(res.status, 200, what);
              assert.doesNotMatch(text, ERROR_FRAME, what);
              return;
            }
            if (fault === "hang_before_headers") assert.equal(res.status, 504, what);
            if (["reset_before_headers", "html_502", "invalid_json_200"].includes(fault)) {
              assert.equal(res.status, 502, what);
            }
            const mine = () =>
              upstream.connections.filter((c) =>
                c.path.startsWith(`/${fault}/c`) && c.path.includes(base.slice(upstream.url.length))
              );
            const deadline = performance.now() + TIMEOUT_SECS * 1000 + GRACE_MS;
            while (mine().some((c) => c.closedAt === undefined) && performance.now() < deadline) {
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
            assert.ok(mine().length > 0, `${what}: the upstream was contacted`);
            assert.ok(
              mine().every((c) => c.closedAt !== undefined),
              `${what}: upstream socket left open`,
            );
          }),
        );
      } finally {
        await upstream.close();
      }
    });
  }
}

Deno.test("40 clients leaving at once during silent gaps close their upstreams at once", async () => {
  const upstream = startHostileUpstream(CANARY.answer);
  try {
    await Promise.all(ENTRIES.flatMap((entry) =>
      Array.from({ length: 10 }, async (_, i) => {
        const tag = `leave-${entry}-${i}`;
        const handler = createHandler({
          log: capturedLog().log,
          config: securityConfig(
            `${upstream.url}/hang_after_3/${tag}`,
            "request_timeout_secs = 30",
          ),
        });
        const res = await post(handler, clientCall(entry, "openai-m", "hi", true));
        assert.equal(res.status, 200);
        const reader = res.body!.getReader();
        await reader.read();
        const left = performance.now();
        await reader.cancel();
        const conn = upstream.connections.find((c) => c.path.includes(`/${tag}/`))!;
        while (conn.closedAt === undefined && performance.now() - left < 5_000) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.ok(conn.closedAt !== undefined, `${tag}: upstream still held after the client left`);
        assert.ok(conn.closedAt - left < 2_000, `${tag}: closed after ${conn.closedAt - left} ms`);
      })
    ));
  } finally {
    await upstream.close();
  }
});

Deno.test("count_tokens: hangs time out (504), resets and bad bodies are 502, sockets close", async () => {
  const upstream = startHostileUpstream(CANARY.answer);
  try {
    const expected: Array<[Fault, number]> = [
      ["ok", 200],
      ["hang_before_headers", 504],
      ["hang_after_0", 504],
      ["reset_before_headers", 502],
      ["reset_after_0", 502],
      ["html_502", 502],
      ["invalid_json_200", 502],
    ];
    await Promise.all(expected.map(async ([fault, status]) => {
      const base = `${upstream.url}/${fault}/count`;
      const handler = createHandler({
        log: capturedLog().log,
        config: securityConfig(base, `request_timeout_secs = ${TIMEOUT_SECS}`),
      });
      const started = performance.now();
      const res = await post(handler, {
        path: "/v1/messages/count_tokens",
        body: { model: "anthropic-m", messages: [{ role: "user", content: "hi" }] },
      });
      const body = await res.json();
      assert.equal(res.status, status, `${fault}: ${JSON.stringify(body)}`);
      assert.ok(performance.now() - started < TIMEOUT_SECS * 1000 + GRACE_MS, fault);
      if (status === 200) {
        assert.equal(body.input_tokens, 7);
        return;
      }
      assert.ok(isErrorShape("anthropic", body), `${fault}: ${JSON.stringify(body)}`);
      const mine = upstream.connections.filter((c) => c.path.startsWith(`/${fault}/count`));
      const deadline = performance.now() + GRACE_MS;
      while (mine.some((c) => c.closedAt === undefined) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(mine.every((c) => c.closedAt !== undefined), `${fault}: upstream socket left open`);
    }));
  } finally {
    await upstream.close();
  }
});
