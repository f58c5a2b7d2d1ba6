import assert from "node:assert/strict";
import type { ResolvedProvider } from "../../lib/config/load.ts";
import type { PricingConfig } from "../../lib/config/types.ts";
import type { Usage } from "../../lib/ir/usage.ts";
import { costOf } from "../../lib/usage/pricing.ts";
import { rememberedPriceFootprint } from "../../lib/usage/price_lookup.ts";
import { chatBody, send, settle, teamConfig, teamGateway } from "./_handler.ts";

const AT = new Date("2026-03-10T12:00:00Z");
const usage = (u: Partial<Usage>): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  ...u,
});
const provider = (p: Partial<ResolvedProvider>): ResolvedProvider => ({
  name: "p",
  type: "openai",
  ...p,
});
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

Deno.test("costOf prices Anthropic cache reads and writes at their own rates", async () => {
  // claude-sonnet-4-5: 3 in, 0.30 cache read, 3.75 cache write, 15 out (USD per million).
  const cost = await costOf(
    usage({
      inputTokens: 10_000,
      cacheReadTokens: 6_000,
      cacheWriteTokens: 2_000,
      outputTokens: 1_000,
    }),
    provider({ type: "anthropic", base_url: "https://api.anthropic.com" }),
    "claude-sonnet-4-5",
    [],
    AT,
  );
  assert.equal(cost.priced, true);
  close(cost.usd, (2_000 * 3 + 6_000 * 0.3 + 2_000 * 3.75 + 1_000 * 15) / 1e6);
});

Deno.test("costOf finds a model by provider type when the base_url is a private proxy", async () => {
  const cost = await costOf(
    usage({ inputTokens: 1_000_000 }),
    provider({ type: "openai", base_url: "http://10.0.0.1:8080/v1" }),
    "gpt-4o-mini",
    [],
    AT,
  );
  close(cost.usd, 0.15);
});

Deno.test("a [[pricing]] row wins, with cache prices defaulting to the input price", async () => {
  const rows: PricingConfig[] = [
    { model: "llama-*", provider: "local", input_usd_per_mtok: 1, output_usd_per_mtok: 2 },
    {
      model: "gpt-4o-mini",
      input_usd_per_mtok: 10,
      output_usd_per_mtok: 20,
      cache_read_usd_per_mtok: 1,
      cache_write_usd_per_mtok: 5,
    },
  ];
  const tokens = usage({
    inputTokens: 4_000,
    cacheReadTokens: 1_000,
    cacheWriteTokens: 1_000,
    outputTokens: 500,
  });
  close(
    (await costOf(tokens, provider({ name: "local" }), "llama-3-70b", rows, AT)).usd,
    (4_000 * 1 + 500 * 2) / 1e6,
  );
  close(
    (await costOf(tokens, provider({}), "gpt-4o-mini", rows, AT)).usd,
    (2_000 * 10 + 1_000 * 1 + 1_000 * 5 + 500 * 20) / 1e6,
  );
  // The llama row is limited to the "local" provider.
  assert.equal(
    (await costOf(tokens, provider({ name: "other" }), "llama-3-70b", rows, AT)).priced,
    false,
  );
});

Deno.test("the echo provider is free; an unknown model costs 0, counts tokens and is logged once", async () => {
  assert.deepEqual(costOf(usage({ inputTokens: 9 }), provider({ type: "echo" }), "x", [], AT), {
    usd: 0,
    priced: true,
  });
  const gateway = teamGateway(
    teamConfig(
      `[[keys]]\nname = "alice"\nkey_env = "ALICE_KEY"\n\n[[routes]]\nmatch = "my-"\nprovider = "up"\n`,
    ),
    () =>
      Response.json({
        id: "x",
        object: "chat.completion",
        created: 1,
        model: "my-model",
        choices: [{
          index: 0,
          message: { role: "assistant", content: "ok" },
          finish_reason: "stop",
        }],
        usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
      }),
  );
  for (let i = 0; i < 3; i++) {
    assert.equal(
      (await send(gateway, "/v1/chat/completions", "alice-key", chatBody("my-model"))).status,
      200,
    );
  }
  await settle();
  const warnings = gateway.logs.filter((l) => l.message.startsWith("no price known"));
  assert.equal(warnings.length, 1);
  assert.deepEqual(warnings[0].properties, {
    provider: "up",
    model: "my-model",
    fix: "add a [[pricing]] row",
  });
  const result = await (await send(gateway, "/admin/usage", "the-admin-key")).json();
  assert.equal(result.total.input_tokens, 21);
  assert.equal(result.total.cost_usd, 0);
});

Deno.test("costOf remembers where a model's price is found, per provider and model", async () => {
  const tokens = usage({ inputTokens: 1_000_000 });
  const proxy = provider({ type: "openai", base_url: "http://10.0.0.2:8080/v1" });
  // An unknown model stays unpriced on every call; a known one on the same provider is priced.
  for (let i = 0; i < 3; i++) {
    assert.equal((await costOf(tokens, proxy, "no-such-model-anywhere", [], AT)).priced, false);
    close((await costOf(tokens, proxy, "gpt-4o-mini", [], AT)).usd, 0.15);
  }
  // A [[pricing]] row added later (a reload) still wins over the remembered miss.
  const rows: PricingConfig[] = [
    { model: "no-such-model-anywhere", input_usd_per_mtok: 2, output_usd_per_mtok: 4 },
  ];
  close((await costOf(tokens, proxy, "no-such-model-anywhere", rows, AT)).usd, 2);
  // A found price is found again by the remembered lookup, at the same rate.
  const sonnet = provider({ type: "anthropic", base_url: "https://api.anthropic.com" });
  const first = await costOf(tokens, sonnet, "claude-sonnet-4-5", [], AT);
  const again = await costOf(tokens, sonnet, "claude-sonnet-4-5", [], AT);
  assert.equal(first.priced, true);
  close(again.usd, first.usd);
});

Deno.test("remembered price lookups stay bounded whatever model names clients send", async () => {
  for (let i = 0; i < 300; i++) {
    const model = `unknown-${i}-${"x".repeat(i % 2 === 0 ? 8 : 20_000)}`;
    const cost = await costOf(usage({ inputTokens: 1 }), provider({}), model, [], AT);
    assert.equal(cost.priced, false);
  }
  const { lookups, chars } = rememberedPriceFootprint();
  assert.ok(lookups <= 4096, `${lookups} lookups kept`);
  assert.ok(chars <= 4096 * 1024, `${chars} characters kept`);
  assert.ok(chars < 150 * 20_000, "the long names were not kept");
});
