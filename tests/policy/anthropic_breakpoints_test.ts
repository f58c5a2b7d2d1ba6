import assert from "node:assert/strict";
import fc from "fast-check";
import {
  countBreakpoints,
  injectAnthropicBreakpoints,
  MAX_ANTHROPIC_BREAKPOINTS,
  stripCacheControl,
} from "../../lib/policy/prompt_cache/anthropic_breakpoints.ts";
import type { ContentBlock } from "../../lib/ir/content.ts";
import type { IrRequest } from "../../lib/ir/request.ts";
import { assistant, request, text, tool, user } from "./_requests.ts";

const ALL = { cache_system: true, cache_tools: true, cache_last_user_message: true };
const EPHEMERAL = { type: "ephemeral" as const };

Deno.test("injectAnthropicBreakpoints marks the last system block, last tool and last user block", () => {
  const ir = request({
    system: [text("a"), text("b")],
    tools: [tool("Read"), tool("Bash")],
    messages: [user(text("q1")), assistant(text("a1")), user(text("q2"), text("more"))],
  });
  const out = injectAnthropicBreakpoints(ir, ALL);
  assert.equal(out.system[0].cacheControl, undefined);
  assert.deepEqual(out.system[1].cacheControl, EPHEMERAL);
  assert.equal(out.tools[0].cacheControl, undefined);
  assert.deepEqual(out.tools[1].cacheControl, EPHEMERAL);
  assert.deepEqual(out.messages[2].content[1], text("more", { cacheControl: EPHEMERAL }));
  assert.deepEqual(out.messages[0], user(text("q1")), "earlier user turns stay unmarked");
  assert.equal(countBreakpoints(out), 3);
  assert.equal(countBreakpoints(ir), 0, "the input is not mutated");
});

Deno.test("injectAnthropicBreakpoints honours each switch", () => {
  const ir = request({ tools: [tool("Read")] });
  const none = injectAnthropicBreakpoints(ir, {
    cache_system: false,
    cache_tools: false,
    cache_last_user_message: false,
  });
  assert.equal(countBreakpoints(none), 0);
  const toolsOnly = injectAnthropicBreakpoints(ir, {
    ...ALL,
    cache_system: false,
    cache_last_user_message: false,
  });
  assert.deepEqual(toolsOnly.tools[0].cacheControl, EPHEMERAL);
  assert.equal(countBreakpoints(toolsOnly), 1);
});

Deno.test("injectAnthropicBreakpoints keeps client breakpoints and adds none when 4 are used", () => {
  const ttl = { type: "ephemeral" as const, ttl: "1h" as const };
  const ir = request({
    system: [text("a", { cacheControl: ttl }), text("b", { cacheControl: EPHEMERAL })],
    tools: [tool("Read", { cacheControl: EPHEMERAL })],
    messages: [user(text("q", { cacheControl: EPHEMERAL }), text("tail"))],
  });
  const out = injectAnthropicBreakpoints(ir, ALL);
  assert.deepEqual(out, ir);
  assert.equal(countBreakpoints(out), MAX_ANTHROPIC_BREAKPOINTS);
});

Deno.test("injectAnthropicBreakpoints fills only the free slots, latest user message first", () => {
  const ir = request({
    system: [text("a", { cacheControl: EPHEMERAL }), text("b", { cacheControl: EPHEMERAL })],
    tools: [tool("Read")],
    messages: [user(text("q"))],
  });
  const out = injectAnthropicBreakpoints(ir, ALL);
  // Claude Code marks two system blocks; slots remain for the user message and the tools.
  assert.equal(countBreakpoints(out), 4);
  assert.deepEqual(out.messages[0].content[0], text("q", { cacheControl: EPHEMERAL }));
  assert.deepEqual(out.tools[0].cacheControl, EPHEMERAL);

  const tight = { ...ir, tools: [tool("Read", { cacheControl: EPHEMERAL })], system: [text("s")] };
  tight.messages = [user(text("q", { cacheControl: EPHEMERAL }))];
  const three = { ...tight, system: [text("s", { cacheControl: EPHEMERAL }), text("t")] };
  const filled = injectAnthropicBreakpoints(three, ALL);
  assert.equal(countBreakpoints(filled), 4);
  assert.deepEqual(filled.system[1].cacheControl, EPHEMERAL);
});

Deno.test("injectAnthropicBreakpoints never marks an empty block", () => {
  const ir = request({
    system: [text("  ")],
    messages: [
      user(
        text("real"),
        { type: "tool_result", callId: "c", content: [] },
        text(""),
        text("\n"),
      ),
    ],
  });
  const out = injectAnthropicBreakpoints(ir, ALL);
  assert.equal(out.system[0].cacheControl, undefined);
  const content = out.messages[0].content;
  assert.deepEqual(content[0], text("real", { cacheControl: EPHEMERAL }));
  assert.equal(countBreakpoints(out), 1);
});

Deno.test("injectAnthropicBreakpoints marks a trailing tool_result with content", () => {
  const result: ContentBlock = { type: "tool_result", callId: "c", content: [text("hi")] };
  const out = injectAnthropicBreakpoints(request({ messages: [user(result)] }), ALL);
  assert.deepEqual(out.messages[0].content[0], { ...result, cacheControl: EPHEMERAL });
});

Deno.test("injectAnthropicBreakpoints does not mark a user message without cacheable blocks", () => {
  const out = injectAnthropicBreakpoints(
    request({ system: [], messages: [user(text(" "))] }),
    ALL,
  );
  assert.equal(countBreakpoints(out), 0);
});

const blockArb: fc.Arbitrary<ContentBlock> = fc.oneof(
  fc.record({
    type: fc.constant("text" as const),
    text: fc.constantFrom("", " ", "x", "hello"),
    cacheControl: fc.option(fc.constant(EPHEMERAL), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant("tool_result" as const),
    callId: fc.constant("c"),
    content: fc.array(
      fc.record({ type: fc.constant("text" as const), text: fc.constantFrom("", "r") }),
      {
        maxLength: 2,
      },
    ),
    cacheControl: fc.option(fc.constant(EPHEMERAL), { nil: undefined }),
  }),
);

const requestArb: fc.Arbitrary<IrRequest> = fc.record({
  system: fc.array(
    fc.record({
      type: fc.constant("text" as const),
      text: fc.constantFrom("", "sys"),
      cacheControl: fc.option(fc.constant(EPHEMERAL), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
  tools: fc.array(
    fc.record({
      name: fc.constant("t"),
      inputSchema: fc.constant({}),
      cacheControl: fc.option(fc.constant(EPHEMERAL), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
  messages: fc.array(
    fc.record({
      role: fc.constantFrom("user" as const, "assistant" as const),
      content: fc.array(blockArb, { maxLength: 4 }),
    }),
    { maxLength: 4 },
  ),
}).map((parts) => ({ model: "m", stream: false, ...parts }));

function blankBlocksWithBreakpoint(ir: IrRequest): number {
  let count = ir.system.filter((b) => b.cacheControl && b.text.trim() === "").length;
  for (const m of ir.messages) {
    for (const b of m.content) {
      if (b.type === "text" && b.cacheControl && b.text.trim() === "") count++;
      if (
        b.type === "tool_result" && b.cacheControl &&
        b.content.every((c) => c.type === "text" && c.text.trim() === "")
      ) count++;
    }
  }
  return count;
}

Deno.test("injectAnthropicBreakpoints never exceeds 4 and never adds a breakpoint to a blank block", () => {
  fc.assert(
    fc.property(requestArb, (ir) => {
      const out = injectAnthropicBreakpoints(ir, ALL);
      const before = countBreakpoints(ir);
      const after = countBreakpoints(out);
      assert.ok(after >= before, "client breakpoints are kept");
      assert.ok(after <= Math.max(before, MAX_ANTHROPIC_BREAKPOINTS));
      assert.equal(blankBlocksWithBreakpoint(out), blankBlocksWithBreakpoint(ir));
    }),
  );
});

Deno.test("stripCacheControl removes every marker, tool-result contents included", () => {
  const ir = request({
    system: [text("s", { cacheControl: EPHEMERAL })],
    tools: [tool("Read", { cacheControl: EPHEMERAL })],
    messages: [
      user(
        text("q", { cacheControl: EPHEMERAL }),
        {
          type: "tool_result",
          callId: "c",
          content: [text("r", { cacheControl: EPHEMERAL })],
          cacheControl: EPHEMERAL,
        },
        { type: "image", source: { kind: "url", url: "https://x/y.png" }, cacheControl: EPHEMERAL },
      ),
    ],
  });
  const out = stripCacheControl(ir);
  assert.equal(countBreakpoints(out), 0);
  assert.ok(!JSON.stringify(out).includes("cacheControl"));
  assert.equal(countBreakpoints(ir), 6, "the input is not mutated");
});
