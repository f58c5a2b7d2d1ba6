import assert from "node:assert/strict";
import { planAttempts } from "../../lib/router/pool_selection.ts";
import { TargetStats } from "../../lib/router/target_stats.ts";
import { Clock, resolve, seededRandom } from "./_support.ts";

const twoRegions = {
  match: "claude-",
  targets: [
    { provider: "east", model: "gpt-5.5", weight: 3 },
    { provider: "west", model: "gpt-5.5", weight: 1 },
  ],
  fallback_providers: ["anthropic"],
};

Deno.test("weighted choice lands within ±5 % of the weights over 10,000 picks", () => {
  const resolved = resolve(
    {
      match: "m",
      targets: [
        { provider: "a", weight: 5 },
        { provider: "b", weight: 3 },
        { provider: "c", weight: 2 },
      ],
    },
  );
  const stats = new TargetStats(new Clock().now);
  const random = seededRandom(42);
  const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 10_000; i++) counts[planAttempts(resolved, stats, random)[0].provider]++;
  for (const [name, weight] of Object.entries({ a: 0.5, b: 0.3, c: 0.2 })) {
    const share = counts[name] / 10_000;
    assert.ok(Math.abs(share - weight) <= 0.05 * weight, `${name}: ${share} vs ${weight}`);
  }
});

Deno.test("a pool plan tries every target once, then the fallbacks with the route's model", () => {
  const resolved = resolve(twoRegions, "claude-sonnet-4-6");
  const plan = planAttempts(resolved, new TargetStats(new Clock().now), () => 0.9);
  assert.deepEqual(plan.map((a) => [a.provider, a.model, a.role]), [
    ["west", "gpt-5.5", "target"],
    ["east", "gpt-5.5", "target"],
    ["anthropic", "claude-sonnet-4-6", "fallback"],
  ]);
});

Deno.test("provider + rewrite_model is a one-target pool", () => {
  const resolved = resolve({ match: "m", provider: "p", rewrite_model: "up" }, "m");
  const plan = planAttempts(resolved, new TargetStats(new Clock().now), Math.random);
  assert.deepEqual(plan.map((a) => [a.provider, a.model]), [["p", "up"]]);
});

Deno.test("least_busy picks the target with the fewest requests in flight", () => {
  const resolved = resolve({ ...twoRegions, strategy: "least_busy" }, "claude-x");
  const stats = new TargetStats(new Clock().now);
  stats.start("east/gpt-5.5", false);
  stats.start("east/gpt-5.5", false);
  const release = stats.start("west/gpt-5.5", false);
  for (const r of [0, 0.5, 0.99]) {
    assert.equal(planAttempts(resolved, stats, () => r)[0].provider, "west");
  }
  release();
  stats.start("east/gpt-5.5", false); // east 3, west 0
  assert.equal(planAttempts(resolved, stats, () => 0.99)[0].provider, "west");
});

Deno.test("latency strategy: two choices go to the lower EWMA; a stale sample is re-measured", () => {
  const clock = new Clock();
  const resolved = resolve({ ...twoRegions, strategy: "latency" }, "claude-x");
  const stats = new TargetStats(clock.now);
  stats.succeeded("east/gpt-5.5", 300);
  stats.succeeded("west/gpt-5.5", 40);
  for (const r of [0, 0.3, 0.7, 0.99]) {
    assert.equal(planAttempts(resolved, stats, () => r)[0].provider, "west");
  }
  // East's only sample ages out: it is tried again so its average can catch up.
  clock.advance(11_000);
  stats.succeeded("west/gpt-5.5", 40);
  assert.equal(planAttempts(resolved, stats, () => 0)[0].provider, "east");
});

Deno.test("an ejected target gets no traffic during its cooldown, one probe after, then recovers", () => {
  const clock = new Clock();
  const resolved = resolve(
    { ...twoRegions, eject_after_failures: 2, eject_cooldown_secs: 30 },
    "claude-x",
  );
  const stats = new TargetStats(clock.now);
  const settings = { failures: 2, cooldownMs: 30_000 };
  assert.equal(stats.failed("east/gpt-5.5", settings), false, "one failure is not enough");
  assert.equal(stats.failed("east/gpt-5.5", settings), true);
  const random = seededRandom(7);
  for (let i = 0; i < 200; i++) {
    const plan = planAttempts(resolved, stats, random);
    assert.ok(plan.every((a) => a.provider !== "east"), "ejected target planned");
    clock.advance(100); // 20 s in total: still inside the cooldown
  }
  clock.advance(10_001);
  const probe = planAttempts(resolved, stats, () => 0).find((a) => a.provider === "east")!;
  assert.equal(probe.probe, true);
  stats.start("east/gpt-5.5", true);
  // While the probe runs, nobody else is sent there.
  assert.ok(planAttempts(resolved, stats, () => 0).every((a) => a.provider !== "east"));
  stats.succeeded("east/gpt-5.5", 50);
  const after = planAttempts(resolved, stats, () => 0);
  assert.equal(after[0].provider, "east", "recovered and weighted first again");
  assert.equal(after[0].probe, false);
});

Deno.test("a failed probe ejects the target again at once", () => {
  const clock = new Clock();
  const stats = new TargetStats(clock.now);
  const settings = { failures: 3, cooldownMs: 1000 };
  for (let i = 0; i < 3; i++) stats.failed("t", settings);
  clock.advance(1001);
  assert.equal(stats.admission("t", settings), "probe");
  stats.start("t", true);
  assert.equal(stats.failed("t", settings), true);
  assert.equal(stats.admission("t", settings), "ejected");
});

Deno.test("every target ejected: the least-bad one is still tried, then the fallbacks", () => {
  const clock = new Clock();
  const resolved = resolve(twoRegions, "claude-x");
  const stats = new TargetStats(clock.now);
  const settings = { failures: 1, cooldownMs: 30_000 };
  stats.failed("east/gpt-5.5", settings);
  clock.advance(5_000);
  stats.failed("west/gpt-5.5", settings);
  const plan = planAttempts(resolved, stats, () => 0);
  assert.deepEqual(plan.map((a) => a.provider), ["east", "anthropic"]);
});
