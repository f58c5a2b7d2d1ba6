import assert from "node:assert/strict";
import { utcDay } from "../../lib/usage/usage_store.ts";

Deno.test("utcDay names the UTC day of each instant, also when asked across midnight and back", () => {
  const midnight = Date.UTC(2026, 11, 2);
  const cases: Array<[number, string]> = [
    [midnight - 1, "2026-12-01"],
    [midnight, "2026-12-02"],
    [midnight + 86_399_999, "2026-12-02"],
    [midnight + 86_400_000, "2026-12-03"],
    [Date.UTC(2024, 1, 29, 12), "2024-02-29"],
    [-1, "1969-12-31"],
    [0, "1970-01-01"],
  ];
  // Forwards, backwards and forwards again: the remembered day must never answer for another.
  for (const order of [cases, [...cases].reverse(), cases]) {
    for (const [at, day] of order) assert.equal(utcDay(at), day, `${at}`);
  }
});
