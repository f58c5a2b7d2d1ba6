/**
 * `ferryllm loadtest` as a subprocess against `ferryllm mock-upstream`: the `--json` shape, the
 * counts adding up, errors by kind, `--compare`, and bad flags.
 */
import assert from "node:assert/strict";
import { runFerryllm, startFerryllm } from "../support/ferryllm_process.ts";

const PERCENTILES = ["p50", "p90", "p99", "p999", "max"];

function assertShape(result: Record<string, unknown>) {
  for (const key of ["requests", "ok", "errors", "duration_s", "rps"]) {
    assert.equal(typeof result[key], "number", key);
  }
  for (const key of ["latency_ms", "ttfb_ms"]) {
    const p = result[key] as Record<string, number>;
    assert.deepEqual(Object.keys(p).sort(), [...PERCENTILES].sort(), key);
    for (let i = 1; i < PERCENTILES.length; i++) {
      assert.ok(p[PERCENTILES[i]] >= p[PERCENTILES[i - 1]], `${key} percentiles ascend`);
    }
  }
  const kinds = result.errors_by_kind as Record<string, number>;
  const counted = Object.values(kinds).reduce((a, b) => a + b, 0);
  assert.equal(result.ok as number + (result.errors as number), result.requests);
  assert.equal(counted, result.errors);
}

Deno.test("loadtest without --url starts the built-in mock and prints the JSON shape", async () => {
  const { code, stdout } = await runFerryllm(
    "loadtest",
    "--protocol",
    "anthropic",
    "--stream",
    "--requests",
    "60",
    "--concurrency",
    "4",
    "--json",
  );
  assert.equal(code, 0);
  const result = JSON.parse(stdout);
  assertShape(result);
  assert.equal(result.requests, 60);
  assert.equal(result.ok, 60);
  assert.ok(result.latency_ms.p50 > 0 && result.ttfb_ms.p50 <= result.latency_ms.max);
});

Deno.test("loadtest counts failures by kind, and --compare reports both runs with ratios", async () => {
  const faulty = await startFerryllm(
    "mock-upstream",
    "--fault",
    "status:503",
    "--fault-rate",
    "0.5",
  );
  const healthy = await startFerryllm("mock-upstream", "--fault", "reset", "--fault-rate", "0.25");
  try {
    const { code, stdout } = await runFerryllm(
      "loadtest",
      "--url",
      faulty.url,
      "--compare",
      healthy.url,
      "--stream",
      "-n",
      "40",
      "-c",
      "1",
      "--json",
    );
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    assertShape(result);
    assert.deepEqual(result.errors_by_kind, { http_503: 20 });
    assertShape(result.compare);
    assert.equal(result.compare.url, healthy.url);
    assert.deepEqual(result.compare.errors_by_kind, { reset: 10 });
    assert.equal(typeof result.ratio.rps, "number");
    assert.equal(typeof result.added_ms.latency_p50, "number");
  } finally {
    await Promise.all([faulty.stop(), healthy.stop()]);
  }
});

Deno.test("loadtest --duration and --rate run an open loop for the time given", async () => {
  const mock = await startFerryllm("mock-upstream");
  try {
    const { code, stdout } = await runFerryllm(
      "loadtest",
      "--url",
      mock.url,
      "--protocol",
      "gemini",
      "--rate",
      "100",
      "--duration",
      "1",
      "--json",
    );
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    assertShape(result);
    // 100 per second for one second: every due request started, none after the end.
    assert.equal(result.requests, 100);
  } finally {
    await mock.stop();
  }
});

Deno.test("loadtest prints a readable table without --json, and no progress bar when piped", async () => {
  const { code, stdout, stderr } = await runFerryllm("loadtest", "--preset", "chat", "-n", "20");
  assert.equal(code, 0);
  assert.match(stdout, /20 requests in [\d.]+ s: 20 ok, 0 errors/);
  assert.match(stdout, /latency ms/);
  assert.equal(stderr, "");
});

Deno.test("loadtest: bad flags exit 2 with the usage", async () => {
  const cases = [
    ["--concurrency", "0"],
    ["--protocol", "smtp"],
    ["--body", "huge"],
    ["--url", "ftp://x"],
    ["--requests", "5", "--duration", "1"],
    ["--preset", "nope"],
    ["--bogus"],
  ];
  for (const args of cases) {
    const { code, stderr } = await runFerryllm("loadtest", ...args);
    assert.equal(code, 2, args.join(" "));
    assert.match(stderr, /usage:\n {2}ferryllm loadtest/);
  }
});

Deno.test("loadtest exits 1 when no request succeeds", async () => {
  const mock = await startFerryllm("mock-upstream", "--fault", "status:500");
  try {
    const { code, stdout } = await runFerryllm("loadtest", "--url", mock.url, "-n", "5", "--json");
    assert.equal(code, 1);
    assert.deepEqual(JSON.parse(stdout).errors_by_kind, { http_500: 5 });
  } finally {
    await mock.stop();
  }
});
