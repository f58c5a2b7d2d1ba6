/**
 * Two real `main.ts serve` processes against one real Redis: what the team gateway promises
 * across replicas. Steps share one cluster and run in order; the last ones kill an instance
 * and stop Redis.
 */
import assert from "node:assert/strict";
import { ADMIN_KEY, call, chat, eventually, KEYS, LEASE_SECS, startCluster } from "./_cluster.ts";
import { COST_PER_REQUEST_USD, UPSTREAM_USAGE } from "./_upstream.ts";

Deno.test("two gateway instances share limits, keys, history, usage and budgets through Redis", async (t) => {
  const cluster = await startCluster("fail_open");
  try {
    await t.step(
      "a per-key limit of 5 per minute admits exactly 5 across both instances",
      async () => {
        const answers = await Promise.all(
          Array.from(
            { length: 12 },
            (_, i) => chat(i % 2 ? cluster.a.url : cluster.b.url, KEYS.alice),
          ),
        );
        const statuses = answers.map((a) => a.status).sort();
        assert.deepEqual(statuses, [200, 200, 200, 200, 200, ...Array(7).fill(429)]);
        const refused = answers.find((a) => a.status === 429)!;
        assert.match(
          String((refused.body.error as { message: string }).message),
          /5 requests per minute/,
        );
        assert.ok(Number(refused.headers.get("retry-after")) >= 1);
      },
    );

    await t.step(
      "usage totals equal the requests sent, with gpt-4o-mini's list price",
      async () => {
        for (let i = 0; i < 5; i++) {
          assert.equal((await chat(i < 3 ? cluster.a.url : cluster.b.url, KEYS.dave)).status, 200);
        }
        let usage: Record<string, unknown> = {};
        assert.ok(
          await eventually(async () => {
            usage =
              (await call(cluster.b.url, "/admin/usage?key=dave&group_by=model", ADMIN_KEY)).body;
            return (usage.total as { requests: number } | undefined)?.requests === 5;
          }, 3000),
          JSON.stringify(usage),
        );
        const [group] = usage.data as Record<string, number | string>[];
        assert.equal(group.model, "gpt-4o-mini");
        assert.equal(group.provider, "fake");
        assert.equal(group.requests, 5);
        assert.equal(group.input_tokens, 5 * UPSTREAM_USAGE.prompt_tokens);
        assert.equal(group.output_tokens, 5 * UPSTREAM_USAGE.completion_tokens);
        assert.equal(
          group.cache_read_tokens,
          5 * UPSTREAM_USAGE.prompt_tokens_details.cached_tokens,
        );
        assert.ok(
          Math.abs((group.cost_usd as number) - 5 * COST_PER_REQUEST_USD) < 1e-9,
          String(group.cost_usd),
        );
        // Grouped by key, dave's row holds the same totals.
        const byKey = (await call(cluster.a.url, "/admin/usage?group_by=key", ADMIN_KEY)).body;
        const dave = (byKey.data as { key: string; requests: number }[]).find((g) =>
          g.key === "dave"
        );
        assert.equal(dave?.requests, 5);
        // Each instance's metric counts the cost of what it served.
        const metrics = await (await fetch(`${cluster.a.url}/metrics`)).text();
        const line = metrics.split("\n").find((l) =>
          l.startsWith('ferryllm_cost_usd_total{key="dave",provider="fake",model="gpt-4o-mini"}')
        );
        assert.ok(line, "cost metric for dave on instance A");
        assert.ok(Math.abs(Number(line.split(" ").at(-1)) - 3 * COST_PER_REQUEST_USD) < 1e-9, line);
      },
    );

    await t.step("a spent budget answers 429 naming it, on both instances", async () => {
      // 0.001 USD a day; each request costs 0.000435: three fit (the third overshoots).
      for (let i = 0; i < 3; i++) {
        const base = i % 2 ? cluster.b.url : cluster.a.url;
        assert.equal((await chat(base, KEYS.carol)).status, 200);
        await eventually(async () => {
          const usage = (await call(base, "/admin/usage?key=carol", ADMIN_KEY)).body;
          return (usage.total as { requests: number }).requests === i + 1;
        }, 3000);
      }
      for (const base of [cluster.a.url, cluster.b.url]) {
        const refused = await chat(base, KEYS.carol);
        assert.equal(refused.status, 429);
        const message = String((refused.body.error as { message: string }).message);
        assert.match(
          message,
          /budget_usd_per_day of 0\.001 USD for gateway API key "carol" is spent/,
        );
        assert.match(message, /resets at \d{4}-\d{2}-\d{2}T00:00:00\.000Z/);
        assert.ok(Number(refused.headers.get("retry-after")) >= 1);
      }
    });

    await t.step("a previous_response_id from instance A resolves on instance B", async () => {
      const first = await call(cluster.a.url, "/v1/responses", KEYS.frank, {
        model: "gpt-4o-mini",
        input: "remember the word teal",
      });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const second = await call(cluster.b.url, "/v1/responses", KEYS.frank, {
        model: "gpt-4o-mini",
        input: "which word?",
        previous_response_id: first.body.id,
      });
      assert.equal(second.status, 200, JSON.stringify(second.body));
      const sent = cluster.upstream.bodies.at(-1)!.messages.map((m) => m.role);
      assert.deepEqual(sent, ["user", "assistant", "user"]);
    });

    await t.step("a model outside the key's allow-list is a 403 naming the rule", async () => {
      const refused = await call(cluster.b.url, "/v1/chat/completions", KEYS.frank, {
        model: "claude-sonnet-4-5",
        messages: [{ role: "user", content: "hi" }],
      });
      assert.equal(refused.status, 403);
      assert.match(String((refused.body.error as { message: string }).message), /allow-list/);
    });

    await t.step("a key created on A works on B; deleted on B, A refuses it", async () => {
      const created = await call(cluster.a.url, "/admin/keys", ADMIN_KEY, {
        name: "grace",
        rate_limit_per_minute: 100,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const key = String(created.body.key);
      assert.equal((await chat(cluster.b.url, key)).status, 200);
      const listed = (await call(cluster.b.url, "/admin/keys", ADMIN_KEY)).body;
      const grace = (listed.data as Record<string, unknown>[]).find((k) => k.name === "grace");
      assert.deepEqual({ ...grace, created_at: undefined }, {
        name: "grace",
        source: "admin",
        rate_limit_per_minute: 100,
        created_at: undefined,
      });
      assert.ok(!JSON.stringify(listed).includes(key), "the key itself is never listed");
      const deleted = await call(
        cluster.b.url,
        "/admin/keys/grace",
        ADMIN_KEY,
        undefined,
        "DELETE",
      );
      assert.equal(deleted.status, 204);
      const refused = await chat(cluster.a.url, key);
      assert.equal(refused.status, 401);
      assert.match(
        String((refused.body.error as { message: string }).message),
        /"grace" was revoked/,
      );
    });

    await t.step(
      "a slot held by a SIGKILLed instance frees itself within the lease time",
      async () => {
        const held = chat(cluster.a.url, KEYS.bob, "HOLD").catch(() => undefined);
        assert.ok(
          await eventually(
            () => cluster.upstream.bodies.some((b) => JSON.stringify(b.messages).includes("HOLD")),
            5000,
          ),
        );
        const full = await chat(cluster.b.url, KEYS.bob);
        assert.equal(full.status, 429);
        assert.match(String((full.body.error as { message: string }).message), /concurrent/);
        await cluster.a.kill();
        await held;
        const killedAt = Date.now();
        assert.ok(
          await eventually(
            async () => (await chat(cluster.b.url, KEYS.bob)).status === 200,
            (LEASE_SECS + 2) * 1000,
          ),
          "the slot came free",
        );
        const freedAfterMs = Date.now() - killedAt;
        assert.ok(freedAfterMs <= (LEASE_SECS + 2) * 1000, `${freedAfterMs} ms`);
        console.log(
          `slot of the killed instance free after ${freedAfterMs} ms (lease ${LEASE_SECS} s)`,
        );
        cluster.upstream.release();
        await cluster.restart("a");
      },
    );

    await t.step(
      "Redis stopped mid-traffic: fail_open serves, nothing hangs; limits return with Redis",
      async () => {
        assert.equal((await chat(cluster.a.url, KEYS.erin)).status, 200);
        assert.equal((await chat(cluster.b.url, KEYS.erin)).status, 200);
        assert.equal((await chat(cluster.a.url, KEYS.erin)).status, 429);
        await cluster.redis.stop();
        const during = await Promise.all(
          Array.from(
            { length: 6 },
            (_, i) => chat(i % 2 ? cluster.a.url : cluster.b.url, KEYS.erin),
          ),
        );
        assert.deepEqual(during.map((a) => a.status), Array(6).fill(200));
        assert.ok(Math.max(...during.map((a) => a.ms)) < 5000, "no request waits on Redis");
        const ready = await call(cluster.a.url, "/readyz", "");
        assert.equal(ready.status, 200);
        assert.deepEqual(ready.body.state, {
          backend: "redis",
          status: "unavailable",
          on_unavailable: "fail_open",
        });
        const metrics = await (await fetch(`${cluster.b.url}/metrics`)).text();
        assert.match(metrics, /^ferryllm_state_store_up 0$/m);
        assert.match(metrics, /^ferryllm_state_store_transitions_total\{to="down"\} 1$/m);

        await cluster.redis.start();
        // The client reconnects on its own (backing off to one attempt every 2 s).
        assert.ok(
          await eventually(async () => {
            const body = (await call(cluster.b.url, "/readyz", "")).body;
            const a = (await call(cluster.a.url, "/readyz", "")).body;
            return (body.state as { status: string }).status === "available" &&
              (a.state as { status: string }).status === "available";
          }, 10_000),
          "both instances see Redis again",
        );
        // The restarted Redis is empty: erin's window starts over, and the limit holds again.
        const after = [];
        for (let i = 0; i < 3; i++) {
          after.push((await chat(i % 2 ? cluster.a.url : cluster.b.url, KEYS.erin)).status);
        }
        assert.deepEqual(after, [200, 200, 429]);
        assert.ok(cluster.a.alive() && cluster.b.alive(), "no instance crashed");
        const logged = cluster.b.output();
        assert.equal(
          logged.split("state store unavailable").length - 1,
          1,
          "one log line per outage",
        );
        assert.equal(logged.split("state store available again").length - 1, 1);
      },
    );
  } finally {
    await cluster.close();
  }
});
