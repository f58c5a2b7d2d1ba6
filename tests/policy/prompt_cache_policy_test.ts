import assert from "node:assert/strict";
import { applyPromptCachePolicy } from "../../lib/policy/prompt_cache/mod.ts";
import { countBreakpoints } from "../../lib/policy/prompt_cache/anthropic_breakpoints.ts";
import type { ProtocolId } from "../../lib/ir/content.ts";
import type { IrRequest } from "../../lib/ir/request.ts";
import { BILLING_LINE, cacheSettings, request, text, tool, user } from "./_requests.ts";

const EPHEMERAL = { type: "ephemeral" as const };

function claudeCodeRequest(): IrRequest {
  return request({
    system: [
      text(BILLING_LINE),
      text("You are a Claude agent.", { cacheControl: EPHEMERAL }),
      text("Long instructions.\nDate: 2026-07-01\nMore.", { cacheControl: EPHEMERAL }),
    ],
    tools: [tool("Read"), tool("Bash")],
    messages: [
      user(text("<system-reminder>env</system-reminder>"), text("hi", { cacheControl: EPHEMERAL })),
    ],
    user: JSON.stringify({ device_id: "d", account_uuid: "", session_id: "s-1" }),
    promptCache: { key: "client-key" },
  });
}

function run(target: ProtocolId, settings = cacheSettings()) {
  return applyPromptCachePolicy(claudeCodeRequest(), {
    settings,
    targetProtocol: target,
    clientProtocol: "anthropic",
  });
}

Deno.test("applyPromptCachePolicy strips the billing header by default toward non-Anthropic targets", () => {
  for (const target of ["openai", "openai_responses", "gemini"] as const) {
    const { ir } = run(target);
    assert.equal(ir.system.length, 2);
    assert.ok(!JSON.stringify(ir).includes("x-anthropic-billing-header"), target);
  }
});

Deno.test("applyPromptCachePolicy keeps the billing header toward Anthropic unless configured", () => {
  assert.equal(run("anthropic").ir.system[0].text, BILLING_LINE);
  const configured = run(
    "anthropic",
    cacheSettings({ strip_system_line_prefixes: ["x-anthropic-billing-header:"] }),
  );
  assert.ok(!JSON.stringify(configured.ir).includes("x-anthropic-billing-header"));
  const off = run("openai", cacheSettings({ strip_system_line_prefixes: [] }));
  assert.equal(off.ir.system[0].text, BILLING_LINE, "an empty list turns the default off");
});

Deno.test("applyPromptCachePolicy leaves no cacheControl toward non-Anthropic targets", () => {
  for (const target of ["openai", "openai_responses", "gemini"] as const) {
    const { ir } = run(target);
    assert.equal(countBreakpoints(ir), 0, target);
    assert.ok(!JSON.stringify(ir).includes("cacheControl"), target);
  }
});

Deno.test("applyPromptCachePolicy toward Anthropic keeps the client's 3 breakpoints and adds the tools one", () => {
  const { ir } = run("anthropic");
  assert.equal(countBreakpoints(ir), 4);
  assert.deepEqual(ir.tools[1].cacheControl, EPHEMERAL);
  assert.equal(ir.tools[0].cacheControl, undefined);
  const off = run("anthropic", cacheSettings({ auto_inject_anthropic_cache_control: false }));
  assert.equal(countBreakpoints(off.ir), 3);
});

Deno.test("applyPromptCachePolicy sets prompt_cache_key toward OpenAI-family targets only", () => {
  const settings = cacheSettings({
    openai_prompt_cache_key: "cc",
    openai_prompt_cache_retention: "24h",
  });
  const openai = run("openai", settings).ir.promptCache;
  assert.match(openai?.key ?? "", /^cc-[0-9a-f]{12}-[0-9a-f]{12}$/);
  assert.equal(openai?.retention, "24h");
  assert.deepEqual(run("openai_responses", settings).ir.promptCache, openai);
  assert.equal(run("gemini", settings).ir.promptCache, undefined);
  assert.equal(run("anthropic", settings).ir.promptCache, undefined);
});

Deno.test("applyPromptCachePolicy's key ignores the per-prompt billing suffix", () => {
  const settings = cacheSettings({ openai_prompt_cache_key: "cc" });
  const first = applyPromptCachePolicy(claudeCodeRequest(), {
    settings,
    targetProtocol: "openai",
    clientProtocol: "anthropic",
  });
  const other = claudeCodeRequest();
  other.system[0] = text(BILLING_LINE.replace("a1f", "9c2"));
  const second = applyPromptCachePolicy(other, {
    settings,
    targetProtocol: "openai",
    clientProtocol: "anthropic",
  });
  assert.equal(second.ir.promptCache?.key, first.ir.promptCache?.key);
});

Deno.test("applyPromptCachePolicy drops Claude Code's session user toward non-Anthropic targets", () => {
  assert.equal(run("openai").ir.user, undefined);
  assert.ok(run("anthropic").ir.user?.includes("session_id"));
});

Deno.test("applyPromptCachePolicy relocates the configured range and reports the moved text", () => {
  const ir = claudeCodeRequest();
  // Offsets into the client's system text: billing line, "\n", agent line, "\n", instructions.
  const start = new TextEncoder().encode(
    `${BILLING_LINE}\nYou are a Claude agent.\nLong instructions.\n`,
  ).length;
  const settings = cacheSettings({ relocate_system_prefix_range: `${start}..${start + 4}` });
  const out = applyPromptCachePolicy(ir, {
    settings,
    targetProtocol: "gemini",
    clientProtocol: "anthropic",
  });
  assert.equal(out.relocatedText, "Date: 2026-07-01");
  assert.equal(out.ir.system.at(-1)?.text, "Long instructions.\nMore.");
  assert.deepEqual(out.ir.messages[0].content.at(-1), {
    type: "text",
    text: "<system-reminder>\nDate: 2026-07-01\n</system-reminder>",
  });
  assert.equal(run("gemini").relocatedText, undefined);
});

Deno.test("applyPromptCachePolicy does not mutate its input", () => {
  const ir = claudeCodeRequest();
  const before = structuredClone(ir);
  applyPromptCachePolicy(ir, {
    settings: cacheSettings({
      openai_prompt_cache_key: "cc",
      relocate_system_prefix_range: "0..5",
    }),
    targetProtocol: "openai",
    clientProtocol: "anthropic",
  });
  applyPromptCachePolicy(ir, {
    settings: cacheSettings(),
    targetProtocol: "anthropic",
    clientProtocol: "anthropic",
  });
  assert.deepEqual(ir, before);
});
