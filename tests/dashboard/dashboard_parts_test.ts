import assert from "node:assert/strict";
import { AdminSessions, sessionCookie } from "../../lib/dashboard/admin_session.ts";
import { newHistogram, quantile, recordLatency } from "../../lib/dashboard/latency_histogram.ts";
import { RECENT_LIMIT, RecentRequests } from "../../lib/dashboard/recent_requests.ts";
import { redactConfig, REDACTED } from "../../lib/dashboard/redact_config.ts";
import { RING_SECONDS, TrafficRing } from "../../lib/dashboard/traffic_ring.ts";
import type { RequestRecord } from "../../lib/observability/request_record.ts";

Deno.test("AdminSessions: the right key opens a session, a wrong one does not", async () => {
  let now = 1_000_000;
  const sessions = new AdminSessions(() => "the-admin-key", () => now);
  assert.deepEqual(await sessions.login("nope"), { ok: false, reason: "wrong_key" });
  const result = await sessions.login("the-admin-key");
  assert.ok(result.ok);
  const withCookie = (token: string) =>
    new Request("http://gw/ui/api/snapshot", { headers: { cookie: `a=b; ferryllm_ui=${token}` } });
  assert.equal(await sessions.check(withCookie(result.token)), true);
  assert.equal(await sessions.check(withCookie("forged")), false);
  assert.equal(await sessions.check(new Request("http://gw/ui")), false);
  // Idle for more than 15 minutes: over. Activity keeps it alive up to 8 hours.
  now += 14 * 60_000;
  assert.equal(await sessions.check(withCookie(result.token)), true);
  now += 16 * 60_000;
  assert.equal(await sessions.check(withCookie(result.token)), false);
  const second = await sessions.login("the-admin-key");
  assert.ok(second.ok);
  await sessions.logout(withCookie(second.token));
  assert.equal(await sessions.check(withCookie(second.token)), false);
});

Deno.test("AdminSessions: off without a key, and throttled after 10 wrong keys a minute", async () => {
  const off = new AdminSessions(() => undefined, () => 0);
  assert.equal(off.enabled(), false);
  assert.deepEqual(await off.login(""), { ok: false, reason: "wrong_key" });
  const now = 5_000_000;
  const sessions = new AdminSessions(() => "k", () => now);
  for (let i = 0; i < 10; i++) assert.equal((await sessions.login("x")).ok, false);
  assert.deepEqual(await sessions.login("k"), { ok: false, reason: "throttled" });
});

Deno.test("sessionCookie is HttpOnly, SameSite=Strict, scoped to /ui and short-lived", () => {
  assert.equal(
    sessionCookie("tok", false),
    "ferryllm_ui=tok; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=900",
  );
  assert.match(sessionCookie("tok", true), /; Secure$/);
  assert.match(sessionCookie("", false), /Max-Age=0/);
});

Deno.test("redactConfig hides inline keys, header values and URL passwords, keeps names", () => {
  const redacted = redactConfig({
    providers: [{
      name: "p",
      api_key: "sk-live",
      api_key_env: "OPENAI_API_KEY",
      api_key_file: "/run/secrets/k",
      headers: { "x-org": "org-1" },
      base_url: "https://api.example.com/v1",
    }],
    state: { redis_url: "redis://user:hunter2@cache:6379/0" },
    tracing: { headers: { authorization: "Bearer t" }, service_name: "gw" },
    auth: { api_keys_env: "FERRYLLM_API_KEYS", admin_token: "t0k" },
  }) as Record<string, Record<string, unknown>[] & Record<string, unknown>>;
  const text = JSON.stringify(redacted);
  for (const secret of ["sk-live", "org-1", "hunter2", "Bearer t", "t0k"]) {
    assert.ok(!text.includes(secret), secret);
  }
  for (
    const kept of ["OPENAI_API_KEY", "/run/secrets/k", "FERRYLLM_API_KEYS", "cache:6379", "gw"]
  ) {
    assert.ok(text.includes(kept), kept);
  }
  assert.equal((redacted.providers as Record<string, unknown>[])[0].api_key, REDACTED);
});

Deno.test("TrafficRing: per-second counts and quantiles over a 15-minute window", () => {
  const t0 = 1_700_000_000_000;
  const ring = new TrafficRing(t0);
  for (let i = 0; i < 100; i++) ring.add(t0 + 500, 10 + i, i < 50 ? 5 : undefined, i >= 90);
  ring.add(t0 + 2500, 1000, undefined, false);
  const series = ring.series(t0 + 3000);
  assert.equal(series.seconds.length, RING_SECONDS);
  const at = (second: number) => series.seconds.indexOf(Math.floor((t0 + second) / 1000));
  assert.equal(series.requests[at(0)], 100);
  assert.equal(series.errors[at(0)], 10);
  assert.equal(series.requests[at(1000)], 0);
  assert.equal(series.p50[at(1000)], null);
  assert.equal(series.requests[at(2000)], 1);
  const summary = ring.summary(t0 + 3000);
  assert.equal(summary.requests, 101);
  assert.equal(summary.errors, 10);
  assert.ok(Math.abs(summary.p50Ms! - 60) / 60 < 0.25, `p50 ${summary.p50Ms}`);
  // Second 0 has left the window 15 minutes on, and its slot holds the new second alone.
  const later = t0 + RING_SECONDS * 1000 + 500;
  ring.add(later, 5, undefined, false);
  assert.equal(ring.summary(later).requests, 2); // the new one and the one from second 2
  assert.equal(ring.series(later).requests.at(-1), 1);
  // A late record for a second that has left the window never wipes the slot's newer second.
  ring.add(t0 + 500, 5, undefined, false);
  assert.equal(ring.series(later).requests.at(-1), 2);
});

Deno.test("latency quantiles stay within one bucket (25 %) of the truth", () => {
  const h = newHistogram();
  for (let ms = 1; ms <= 1000; ms++) recordLatency(h, ms);
  for (const [q, truth] of [[0.5, 500], [0.99, 990]]) {
    const got = quantile(h, q)!;
    assert.ok(Math.abs(got - truth) / truth < 0.25, `${q}: ${got}`);
  }
  assert.equal(quantile(newHistogram(), 0.5), undefined);
});

Deno.test("RecentRequests keeps the newest 200, metadata only", () => {
  const recent = new RecentRequests();
  const record = (i: number) =>
    ({
      requestId: `req_${i}`,
      entry: "openai",
      clientModel: "m",
      stream: false,
      status: 200,
      attempts: 1,
      startedAt: i,
      keyHash: "anonymous",
      // A field a future record might carry: it must not reach the dashboard.
      prompt: "SECRET PROMPT",
    }) as RequestRecord;
  for (let i = 0; i < RECENT_LIMIT + 5; i++) recent.add(record(i));
  const list = recent.list();
  assert.equal(list.length, RECENT_LIMIT);
  assert.equal(list[0].requestId, `req_${RECENT_LIMIT + 4}`);
  assert.equal(list.at(-1)!.requestId, "req_5");
  assert.equal(list[0].key, undefined);
  assert.ok(!JSON.stringify(list).includes("SECRET PROMPT"));
});
