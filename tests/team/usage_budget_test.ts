import assert from "node:assert/strict";
import { chatJson } from "../ops/_support.ts";
import { chatBody, ENV, send, settle, teamConfig, teamGateway } from "./_handler.ts";

const ADMIN = ENV.FERRYLLM_ADMIN_KEY;
/** gpt-4o-mini list prices: 0.15 in, 0.075 cached in, 0.60 out (USD per million). */
const COST = (800 * 0.15 + 200 * 0.075 + 500 * 0.6) / 1e6;
const reply = () =>
  Response.json({
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-4o-mini",
    choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
    usage: {
      prompt_tokens: 1000,
      completion_tokens: 500,
      total_tokens: 1500,
      prompt_tokens_details: { cached_tokens: 200 },
      completion_tokens_details: { reasoning_tokens: 100 },
    },
  });

function sse(frames: unknown[], end = true): Response {
  const text = frames.map((f) => `data: ${JSON.stringify(f)}\n\n`).join("") +
    (end ? "data: [DONE]\n\n" : "");
  return new Response(text, { headers: { "content-type": "text/event-stream" } });
}

const chunk = (delta: unknown, extra: Record<string, unknown> = {}) => ({
  id: "c",
  object: "chat.completion.chunk",
  created: 1,
  model: "gpt-4o-mini",
  choices: [{ index: 0, delta, finish_reason: null }],
  ...extra,
});

async function usage(gateway: ReturnType<typeof teamGateway>, query = "") {
  await settle();
  return await (await send(gateway, `/admin/usage${query}`, ADMIN)).json();
}

Deno.test("usage adds every token kind and the list-price cost per key and model", async () => {
  const gateway = teamGateway(
    teamConfig(`[[keys]]\nname = "alice"\nkey_env = "ALICE_KEY"\n`),
    reply,
  );
  for (let i = 0; i < 2; i++) {
    assert.equal(
      (await send(gateway, "/v1/chat/completions", "alice-key", chatBody())).status,
      200,
    );
  }
  const result = await usage(gateway, "?key=alice");
  assert.equal(result.data.length, 1);
  const { cost_usd, ...counts } = result.data[0];
  assert.deepEqual(counts, {
    provider: "up",
    model: "gpt-4o-mini",
    requests: 2,
    input_tokens: 2000,
    output_tokens: 1000,
    cache_read_tokens: 400,
    cache_write_tokens: 0,
    reasoning_tokens: 200,
  });
  assert.ok(Math.abs(cost_usd - 2 * COST) < 1e-12, String(cost_usd));
});

Deno.test("a streamed request counts when it ends, and one that fails mid-stream too", async () => {
  let call = 0;
  const gateway = teamGateway(teamConfig(), () => {
    call++;
    const usage = { prompt_tokens: 40, completion_tokens: 3, total_tokens: 43 };
    if (call === 1) {
      return sse([
        chunk({ role: "assistant", content: "hi" }),
        { ...chunk({}), choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
        { ...chunk({}), choices: [], usage },
      ]);
    }
    // The second stream is cut after its first event (no finish, no [DONE]).
    return sse([chunk({ role: "assistant", content: "partial" })], false);
  }, { env: { ...ENV, FERRYLLM_API_KEYS: "plain" } });
  for (let i = 0; i < 2; i++) {
    const response = await send(gateway, "/v1/chat/completions", "plain", {
      ...chatBody(),
      stream: true,
    });
    assert.equal(response.status, 200);
    await response.text();
  }
  const result = await usage(gateway, "?group_by=key");
  assert.equal(result.data.length, 1);
  assert.equal(result.data[0].requests, 2);
  assert.equal(result.data[0].input_tokens, 40);
  assert.equal(result.data[0].output_tokens, 3);
  assert.match(result.data[0].key, /^[0-9a-f]{12}$/);
});

Deno.test("requests the gateway refuses itself are not usage", async () => {
  const gateway = teamGateway(
    teamConfig(`[[keys]]\nname = "alice"\nkey_env = "ALICE_KEY"\nmodels = ["gpt-*"]\n`),
    reply,
  );
  assert.equal(
    (await send(gateway, "/v1/chat/completions", "alice-key", chatBody("o3"))).status,
    403,
  );
  assert.equal((await send(gateway, "/v1/chat/completions", "bad-key", chatBody())).status, 401);
  assert.equal(
    (await send(gateway, "/v1/chat/completions", "alice-key", { model: 1 })).status,
    400,
  );
  assert.deepEqual((await usage(gateway)).data, []);
});

Deno.test("budget_tokens_per_day refuses with 429 naming it, until the next UTC day", async () => {
  const gateway = teamGateway(
    teamConfig(`[[keys]]\nname = "alice"\nkey_env = "ALICE_KEY"\nbudget_tokens_per_day = 2000\n`),
    reply,
  );
  const statuses = [];
  for (let i = 0; i < 3; i++) {
    const response = await send(gateway, "/v1/chat/completions", "alice-key", chatBody());
    statuses.push(response.status);
    if (response.status === 429) {
      const { error } = await response.json();
      assert.equal(error.type, "rate_limit_error");
      assert.equal(error.code, "budget_exceeded");
      assert.equal(
        error.message,
        'budget_tokens_per_day of 2000 tokens for gateway API key "alice" is spent ' +
          "(3000 tokens used); it resets at 2026-03-11T00:00:00.000Z",
      );
      assert.equal(response.headers.get("retry-after"), String(12 * 3600));
    } else await response.text();
    await settle();
  }
  // 1500 tokens each: the second request starts below the budget, so it runs (the overshoot).
  assert.deepEqual(statuses, [200, 200, 429]);
  gateway.clock.advance(12 * 3600 * 1000);
  assert.equal((await send(gateway, "/v1/chat/completions", "alice-key", chatBody())).status, 200);
});

Deno.test("budget_usd_per_month refuses in the Anthropic shape, resetting on the 1st", async () => {
  const gateway = teamGateway(
    teamConfig(`[[keys]]\nname = "alice"\nkey_env = "ALICE_KEY"\nbudget_usd_per_month = 0.0004\n`),
    reply,
  );
  const body = {
    model: "gpt-4o-mini",
    max_tokens: 10,
    messages: [{ role: "user", content: "hi" }],
  };
  assert.equal((await send(gateway, "/v1/messages", "alice-key", body)).status, 200);
  await settle();
  const refused = await send(gateway, "/v1/messages", "alice-key", body);
  assert.equal(refused.status, 429);
  const error = await refused.json();
  assert.equal(error.type, "error");
  assert.equal(error.error.type, "rate_limit_error");
  assert.match(error.error.message, /budget_usd_per_month .* resets at 2026-04-01T00:00:00.000Z/);
});

Deno.test("ferryllm_cost_usd_total counts cost per key, provider and model", async () => {
  const gateway = teamGateway(
    teamConfig(`[[keys]]\nname = "alice"\nkey_env = "ALICE_KEY"\n`),
    () => chatJson("ok", { prompt_tokens: 1_000_000, completion_tokens: 0 }),
  );
  await send(gateway, "/v1/chat/completions", "alice-key", chatBody());
  await settle();
  const metrics = await (await send(gateway, "/metrics", undefined)).text();
  assert.match(
    metrics,
    /^ferryllm_cost_usd_total\{key="alice",provider="up",model="gpt-4o-mini"\} 0\.15$/m,
  );
});
