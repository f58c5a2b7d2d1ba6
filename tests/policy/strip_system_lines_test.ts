import assert from "node:assert/strict";
import {
  DEFAULT_STRIPPED_LINE_PREFIXES,
  strippedLinePrefixes,
  stripSystemLines,
} from "../../lib/policy/prompt_cache/strip_system_lines.ts";
import { BILLING_LINE, text } from "./_requests.ts";

Deno.test("strippedLinePrefixes defaults to the billing header toward non-Anthropic targets only", () => {
  assert.deepEqual(strippedLinePrefixes(undefined, "openai"), DEFAULT_STRIPPED_LINE_PREFIXES);
  assert.deepEqual(strippedLinePrefixes(undefined, "openai_responses"), [
    "x-anthropic-billing-header:",
  ]);
  assert.deepEqual(strippedLinePrefixes(undefined, "gemini"), ["x-anthropic-billing-header:"]);
  assert.deepEqual(strippedLinePrefixes(undefined, "anthropic"), []);
});

Deno.test("strippedLinePrefixes applies an explicit list to every target, Anthropic included", () => {
  assert.deepEqual(strippedLinePrefixes(["Date:"], "anthropic"), ["Date:"]);
  assert.deepEqual(strippedLinePrefixes(["Date:"], "openai"), ["Date:"]);
  assert.deepEqual(strippedLinePrefixes([], "gemini"), []);
});

Deno.test("stripSystemLines drops matching lines inside a block and keeps the rest verbatim", () => {
  const out = stripSystemLines(
    [text(`intro\n${BILLING_LINE}\n  x-anthropic-billing-header: again\noutro`)],
    DEFAULT_STRIPPED_LINE_PREFIXES,
  );
  assert.deepEqual(out, [text("intro\noutro")]);
});

Deno.test("stripSystemLines drops a block left empty and moves its breakpoint back", () => {
  const out = stripSystemLines(
    [
      text("first"),
      text(BILLING_LINE, { cacheControl: { type: "ephemeral" } }),
      text("last"),
    ],
    DEFAULT_STRIPPED_LINE_PREFIXES,
  );
  assert.deepEqual(out, [text("first", { cacheControl: { type: "ephemeral" } }), text("last")]);
});

Deno.test("stripSystemLines leaves unmatched blocks as the same objects", () => {
  const blocks = [text("a\nb"), text("c")];
  const out = stripSystemLines(blocks, ["zzz"]);
  assert.equal(out[0], blocks[0]);
  assert.equal(out[1], blocks[1]);
  assert.deepEqual(stripSystemLines(blocks, []), blocks);
});

Deno.test("stripSystemLines removes a billing block that is the whole first system block", () => {
  const out = stripSystemLines([text(BILLING_LINE), text("You are Claude Code.")], [
    "x-anthropic-billing-header:",
  ]);
  assert.deepEqual(out, [text("You are Claude Code.")]);
});
