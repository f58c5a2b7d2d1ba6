import assert from "node:assert/strict";
import {
  parseByteRange,
  relocateSystemRange,
} from "../../lib/policy/prompt_cache/relocate_system_range.ts";
import { assistant, BILLING_LINE, request, text, user } from "./_requests.ts";

const SYSTEM = [text("line one\nDate: 2026-07-01\nline three"), text("second block")];

Deno.test("parseByteRange reads start..end", () => {
  assert.deepEqual(parseByteRange("12..80"), { start: 12, end: 80 });
});

Deno.test("relocateSystemRange moves the intersecting line to the end of the last user message", () => {
  // "line one\n" is bytes 0..9; "Date: 2026-07-01" is bytes 9..25.
  const ir = request({ system: SYSTEM, messages: [user(text("question"))] });
  const out = relocateSystemRange(ir, { start: 12, end: 14 });
  assert.equal(out.relocatedText, "Date: 2026-07-01");
  assert.deepEqual(out.ir.system, [text("line one\nline three"), text("second block")]);
  assert.deepEqual(out.ir.messages, [
    user(text("question"), text("<system-reminder>\nDate: 2026-07-01\n</system-reminder>")),
  ]);
  assert.deepEqual(ir.system, SYSTEM, "the input is not mutated");
});

Deno.test("relocateSystemRange moves every line the range touches, across blocks", () => {
  // Block 0 is 36 bytes; the joining "\n" is byte 36; "second block" starts at 37.
  const out = relocateSystemRange(request({ system: SYSTEM }), { start: 30, end: 40 });
  assert.equal(out.relocatedText, "line three\nsecond block");
  assert.deepEqual(out.ir.system, [text("line one\nDate: 2026-07-01")]);
});

Deno.test("relocateSystemRange counts UTF-8 bytes", () => {
  // "é" is bytes 0..2, the newline byte 2, "keep" bytes 3..7 (in UTF-16 units: 0..1, 1, 2..6).
  const system = [text("é\nkeep")];
  const first = relocateSystemRange(request({ system }), { start: 1, end: 2 });
  assert.equal(first.relocatedText, "é");
  const newlineOnly = relocateSystemRange(request({ system }), { start: 2, end: 3 });
  assert.equal(newlineOnly.relocatedText, undefined);
  assert.deepEqual(newlineOnly.ir.system, system);
});

Deno.test("relocateSystemRange adds a user message when there is none", () => {
  const out = relocateSystemRange(
    request({ system: SYSTEM, messages: [] }),
    { start: 0, end: 1 },
  );
  assert.deepEqual(out.ir.messages, [
    user(text("<system-reminder>\nline one\n</system-reminder>")),
  ]);
});

Deno.test("relocateSystemRange appends to the last user message even before an assistant prefill", () => {
  const messages = [
    user(text("q1")),
    assistant(text("a1")),
    user(text("q2")),
    assistant(text("{")),
  ];
  const out = relocateSystemRange(request({ system: SYSTEM, messages }), { start: 0, end: 1 });
  assert.equal(out.ir.messages.length, 4);
  assert.deepEqual(out.ir.messages[2].content.at(-1), {
    type: "text",
    text: "<system-reminder>\nline one\n</system-reminder>",
  });
  assert.deepEqual(out.ir.messages[3], assistant(text("{")));
});

Deno.test("relocateSystemRange outside the text changes nothing", () => {
  const ir = request({ system: SYSTEM });
  const out = relocateSystemRange(ir, { start: 500, end: 600 });
  assert.equal(out.ir, ir);
  assert.equal(out.relocatedText, undefined);
});

Deno.test("relocateSystemRange drops rather than moves lines that are stripped anyway", () => {
  const ir = request({ system: [text(`${BILLING_LINE}\nDate: today\nrest`)] });
  const out = relocateSystemRange(ir, { start: 0, end: 80 }, ["x-anthropic-billing-header:"]);
  assert.equal(out.relocatedText, "Date: today");
  assert.deepEqual(out.ir.system, [text("rest")]);
});
