/**
 * The fuzz suite of issue 8: generated bad bodies per entry (and count_tokens), in process
 * through the fetch handler, seeded and reproducible. Every answer is a 4xx in the entry's own
 * error shape (or, for the few mutations that leave a valid request, the echo provider's 200),
 * never a 5xx, never a crash, and `/health` answers afterwards. The targets are split over two
 * test files so parallel workers share them.
 *
 * CI-sized: 10,000 bodies per target. `deno task test:fuzz` runs FERRYLLM_FUZZ_RUNS (100,000)
 * per target; FERRYLLM_FUZZ_SEED replays one seed.
 *
 * @module
 */
import fc from "fast-check";
import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { capturedLog } from "../support/log_capture.ts";
import { isErrorShape, securityConfig } from "./_gateway.ts";
import { badRequests, type FuzzTarget } from "./_fuzz.ts";
import { findLeaks } from "./_leaks.ts";

const RUNS = Number(Deno.env.get("FERRYLLM_FUZZ_RUNS") ?? 10_000);
const SEED = Deno.env.get("FERRYLLM_FUZZ_SEED");
/** Seeds are fixed per target (FERRYLLM_FUZZ_SEED overrides), so every run is reproducible. */
const SEEDS: Record<FuzzTarget, number> = {
  openai: 8_001,
  openai_responses: 8_002,
  anthropic: 8_003,
  gemini: 8_004,
  count_tokens: 8_005,
};

/** Registers one fuzz test per target. */
export function fuzzTargets(targets: FuzzTarget[]): void {
  for (const target of targets) fuzzTarget(target);
}

function fuzzTarget(target: FuzzTarget): void {
  Deno.test(`${RUNS} bad bodies to ${target}: 4xx in its shape, never 5xx`, async () => {
    const { log, lines } = capturedLog();
    const from = lines.length;
    let fetched = 0;
    const handler = createHandler({
      log,
      config: securityConfig("http://p.test"),
      fetch: (() => {
        fetched++;
        return Promise.resolve(new Response("{}", { status: 500 }));
      }) as typeof fetch,
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(badRequests(target), async ({ path, body }) => {
        const res = await handler(
          new Request(`http://127.0.0.1:3000${path}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          }),
        );
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) {
          await res.text(); // a mutation that left a valid request: the echo answered it
          return;
        }
        const text = await res.text();
        assert.ok(res.status >= 400 && res.status < 500, `${res.status} ${text.slice(0, 300)}`);
        const shapeOf = target === "count_tokens" ? "anthropic" : target;
        assert.ok(isErrorShape(shapeOf, JSON.parse(text)), text.slice(0, 300));
      }),
      { numRuns: RUNS, seed: SEED ? Number(SEED) : SEEDS[target], endOnFailure: true },
    );
    const health = await handler(new Request("http://127.0.0.1:3000/health"));
    assert.equal(health.status, 200);
    await health.body?.cancel();
    assert.equal(fetched, 0, "no bad body reached an upstream");
    const refused = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
    assert.ok(refused > RUNS * 0.6, `most bodies are refused: ${JSON.stringify([...statuses])}`);
    assert.deepEqual(findLeaks(lines.slice(from)), []);
  });
}
