import assert from "node:assert/strict";
import {
  applyReasoningPolicy,
  capReasoning,
  clientSentReasoning,
  describeReasoning,
} from "../../lib/reasoning/policy.ts";
import type { Effort, IrRequest, ReasoningControl } from "../../lib/ir/request.ts";
import { serverSchema } from "../../lib/config/schema.ts";

function ir(reasoning?: ReasoningControl): IrRequest {
  const base: IrRequest = { model: "m", system: [], messages: [], tools: [], stream: false };
  return reasoning ? { ...base, reasoning } : base;
}

function server(extra: Record<string, unknown>) {
  return serverSchema.parse(extra);
}

const SENT: ReasoningControl = { effort: "high", summary: "auto" };

interface Row {
  policy: string;
  sent: ReasoningControl | undefined;
  expected: ReasoningControl | undefined;
}

// default = low, max = medium; the client either sent effort high or nothing at all.
const TABLE: Row[] = [
  { policy: "preserve", sent: SENT, expected: SENT },
  { policy: "preserve", sent: undefined, expected: { effort: "low" } },
  { policy: "fill_missing", sent: SENT, expected: SENT },
  { policy: "fill_missing", sent: undefined, expected: { effort: "low" } },
  { policy: "cap", sent: SENT, expected: { effort: "medium", summary: "auto" } },
  { policy: "cap", sent: undefined, expected: { effort: "low" } },
  { policy: "force", sent: SENT, expected: { effort: "low", summary: "auto" } },
  { policy: "force", sent: undefined, expected: { effort: "low" } },
];

for (const row of TABLE) {
  const what = row.sent ? "sent high" : "sent nothing";
  Deno.test(`applyReasoningPolicy ${row.policy} when the client ${what}`, () => {
    const settings = server({
      reasoning_policy: row.policy,
      default_reasoning_effort: "low",
      max_reasoning_effort: "medium",
    });
    const decision = applyReasoningPolicy(ir(row.sent), settings);
    assert.deepEqual(decision.ir.reasoning, row.expected);
    assert.equal(decision.requested, row.sent?.effort);
    assert.equal(decision.applied, row.expected?.effort);
  });
}

Deno.test("applyReasoningPolicy without a default leaves a silent client alone", () => {
  for (const policy of ["preserve", "fill_missing", "cap", "force"]) {
    const request = ir();
    const decision = applyReasoningPolicy(
      request,
      server({ reasoning_policy: policy, max_reasoning_effort: "low" }),
    );
    assert.equal(decision.ir, request, policy);
    assert.equal(decision.applied, undefined);
  }
});

Deno.test("applyReasoningPolicy treats a summary-only control as not sent", () => {
  const decision = applyReasoningPolicy(
    ir({ summary: "detailed", includeThoughts: true }),
    server({ default_reasoning_effort: "medium" }),
  );
  assert.deepEqual(decision.ir.reasoning, {
    effort: "medium",
    summary: "detailed",
    includeThoughts: true,
  });
});

Deno.test("applyReasoningPolicy keeps a client's disabled or budget control under fill_missing", () => {
  const settings = server({ reasoning_policy: "fill_missing", default_reasoning_effort: "high" });
  const disabled = applyReasoningPolicy(ir({ mode: "disabled" }), settings);
  assert.deepEqual(disabled.ir.reasoning, { mode: "disabled" });
  assert.equal(disabled.applied, "disabled");
  const budget = applyReasoningPolicy(ir({ mode: "enabled", budgetTokens: 3000 }), settings);
  assert.deepEqual(budget.ir.reasoning, { mode: "enabled", budgetTokens: 3000 });
  assert.equal(budget.requested, "budget_tokens=3000");
});

Deno.test("applyReasoningPolicy force none disables thinking and drops the client's budget", () => {
  const decision = applyReasoningPolicy(
    ir({ mode: "enabled", budgetTokens: 9000 }),
    server({ reasoning_policy: "force", default_reasoning_effort: "none" }),
  );
  assert.deepEqual(decision.ir.reasoning, { effort: "none", mode: "disabled" });
});

Deno.test("capReasoning clamps budgets above the cap's budget and leaves lower ones", () => {
  assert.deepEqual(capReasoning({ mode: "enabled", budgetTokens: 30000 }, "medium"), {
    mode: "enabled",
    budgetTokens: 8192,
  });
  const low = { mode: "enabled" as const, budgetTokens: 2000 };
  assert.equal(capReasoning(low, "medium"), low);
  assert.deepEqual(capReasoning({ budgetTokens: -1 }, "low"), { budgetTokens: 2048 });
});

Deno.test("capReasoning makes adaptive's implicit high explicit under a lower cap", () => {
  assert.deepEqual(capReasoning({ mode: "adaptive" }, "low"), { mode: "adaptive", effort: "low" });
  const adaptive = { mode: "adaptive" as const };
  assert.equal(capReasoning(adaptive, "xhigh"), adaptive);
});

Deno.test("capReasoning at none turns any requested reasoning off", () => {
  assert.deepEqual(capReasoning({ effort: "high", summary: "auto" }, "none"), {
    effort: "none",
    mode: "disabled",
    summary: "auto",
  });
  const disabled = { mode: "disabled" as const };
  assert.equal(capReasoning(disabled, "none"), disabled);
});

Deno.test("capReasoning never raises an effort", () => {
  const efforts: Effort[] = ["none", "minimal", "low", "medium", "high", "xhigh", "max"];
  for (const effort of efforts) {
    const out = capReasoning({ effort }, "medium");
    const expected = efforts.indexOf(effort) > efforts.indexOf("medium") ? "medium" : effort;
    assert.equal(out?.effort, expected, effort);
  }
});

Deno.test("clientSentReasoning and describeReasoning", () => {
  assert.equal(clientSentReasoning(undefined), false);
  assert.equal(clientSentReasoning({ summary: "auto" }), false);
  assert.equal(clientSentReasoning({ mode: "adaptive" }), true);
  assert.equal(describeReasoning({ mode: "adaptive", effort: "max" }), "max");
  assert.equal(describeReasoning({ mode: "adaptive" }), "adaptive");
  assert.equal(describeReasoning(undefined), undefined);
});
