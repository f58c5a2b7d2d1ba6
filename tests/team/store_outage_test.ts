/**
 * `on_unavailable` with a Redis that is not there: every call fails fast (the client queues
 * nothing while disconnected), limits admit or refuse per the policy, and nothing hangs.
 */
import assert from "node:assert/strict";
import { GuardedStore, StoreUnavailableError } from "../../lib/state/guarded_store.ts";
import { MemoryStore } from "../../lib/state/memory_store.ts";
import { RedisStore } from "../../lib/state/redis/redis_store.ts";
import type { StateStore } from "../../lib/state/store.ts";
import { freePort } from "../support/redis_server.ts";
import { chatJson } from "../ops/_support.ts";
import { chatBody, ENV, send, teamConfig, teamGateway } from "./_handler.ts";

const KEYS = `[[keys]]\nname = "alice"\nkey_env = "ALICE_KEY"\nrate_limit_per_minute = 5\n` +
  `max_concurrent_requests = 2\nbudget_usd_per_day = 1\n`;

async function deadRedis(): Promise<RedisStore> {
  return new RedisStore({
    url: `redis://127.0.0.1:${await freePort()}`,
    keyPrefix: "t:",
    commandTimeoutMs: 200,
  });
}

for (const policy of ["fail_open", "fail_closed"] as const) {
  Deno.test(`with Redis down, ${policy} ${policy === "fail_open" ? "admits" : "refuses with 503"}, fast`, async () => {
    const redis = await deadRedis();
    try {
      const gateway = teamGateway(
        teamConfig(`[state]\non_unavailable = "${policy}"\ntimeout_ms = 300\n${KEYS}`),
        () => chatJson("ok"),
        { store: redis },
      );
      const started = performance.now();
      const response = await send(gateway, "/v1/chat/completions", "alice-key", chatBody());
      const ms = performance.now() - started;
      assert.ok(ms < 2000, `${ms} ms`);
      if (policy === "fail_open") {
        assert.equal(response.status, 200);
      } else {
        assert.equal(response.status, 503);
        const { error } = await response.json();
        assert.match(error.message, /state store is unavailable/);
        assert.equal(response.headers.get("retry-after"), "1");
      }
      const ready = await send(gateway, "/readyz", undefined);
      assert.equal(ready.status, policy === "fail_open" ? 200 : 503);
      assert.equal((await ready.json()).state.status, "unavailable");
      const down = gateway.logs.filter((l) => l.message === "state store unavailable");
      assert.equal(down.length, 1, "one log line for the outage, not one per call");
    } finally {
      await redis.close();
    }
  });
}

Deno.test("with Redis down, fail_closed refuses a rate- or concurrency-limited key with 503", async () => {
  const redis = await deadRedis();
  try {
    for (const rule of ["rate_limit_per_minute = 5", "max_concurrent_requests = 2"]) {
      const gateway = teamGateway(
        teamConfig(
          `[state]\non_unavailable = "fail_closed"\n` +
            `[[keys]]\nname = "alice"\nkey_env = "ALICE_KEY"\n${rule}\n`,
        ),
        () => chatJson("ok"),
        { store: redis },
      );
      const response = await send(gateway, "/v1/messages", "alice-key", {
        model: "gpt-4o-mini",
        max_tokens: 5,
        messages: [{ role: "user", content: "hi" }],
      });
      assert.equal(response.status, 503, rule);
      const body = await response.json();
      assert.equal(body.type, "error", "Anthropic error shape");
      assert.match(body.error.message, /state store is unavailable/);
    }
  } finally {
    await redis.close();
  }
});

Deno.test("admin-created keys and previous_response_id need the store: 503 while it is down", async () => {
  const redis = await deadRedis();
  try {
    const gateway = teamGateway(teamConfig(KEYS), () => chatJson("ok"), { store: redis });
    const unknownKey = await send(gateway, "/v1/chat/completions", "made-by-admin", chatBody());
    assert.equal(unknownKey.status, 503);
    const admin = await send(gateway, "/admin/keys", ENV.FERRYLLM_ADMIN_KEY, { name: "x" });
    assert.equal(admin.status, 503);
    assert.equal((await admin.json()).error.type, "server_error");
    const history = await send(gateway, "/v1/responses", "alice-key", {
      model: "gpt-4o-mini",
      input: "again",
      previous_response_id: "resp_1",
    });
    assert.equal(history.status, 503);
  } finally {
    await redis.close();
  }
});

Deno.test("GuardedStore bounds a call that never answers, and logs each transition once", async () => {
  let hang = true;
  const inner = new MemoryStore();
  const slow: StateStore = Object.assign(Object.create(inner), {
    get: (key: string) => hang ? new Promise(() => {}) : inner.get(key),
  });
  const transitions: boolean[] = [];
  const guard = new GuardedStore(slow, {
    backend: "test",
    timeoutMs: () => 50,
    onUnavailable: () => "fail_open",
    onTransition: (available) => transitions.push(available),
  });
  await assert.rejects(guard.get("k"), StoreUnavailableError);
  await assert.rejects(guard.get("k"), StoreUnavailableError);
  assert.deepEqual(transitions, [false]);
  hang = false;
  assert.equal((await guard.health()).available, true);
  assert.deepEqual(transitions, [false, true]);
});

Deno.test("with Redis down and a circuit breaker configured, fail_open still serves", async () => {
  const redis = await deadRedis();
  try {
    const gateway = teamGateway(
      teamConfig(`[server]\ncircuit_breaker_failures = 2\n\n[state]\ntimeout_ms = 300\n${KEYS}`),
      () => chatJson("ok"),
      { store: redis },
    );
    for (let i = 0; i < 3; i++) {
      assert.equal(
        (await send(gateway, "/v1/chat/completions", "alice-key", chatBody())).status,
        200,
      );
    }
  } finally {
    await redis.close();
  }
});
