import assert from "node:assert/strict";
import type { Message } from "../../lib/ir/content.ts";
import { assertToolResultsAnswerCalls } from "../../lib/ir/tool_pairs.ts";

const call = (id: string): Message => ({
  role: "assistant",
  content: [{ type: "tool_call", id, name: "f", input: {} }],
});
const result = (callId: string): Message => ({
  role: "user",
  content: [{ type: "tool_result", callId, content: [{ type: "text", text: "ok" }] }],
});

Deno.test("assertToolResultsAnswerCalls accepts results that answer the turn before them", () => {
  assertToolResultsAnswerCalls([{ role: "user", content: [] }, call("a"), result("a")]);
  assertToolResultsAnswerCalls([call("a"), { role: "system", content: [] }, result("a")]);
});

Deno.test("assertToolResultsAnswerCalls rejects orphan, stale and empty call ids", () => {
  assert.throws(() => assertToolResultsAnswerCalls([result("x")]), /call "x" answers no tool call/);
  assert.throws(
    () => assertToolResultsAnswerCalls([call("a"), result("a"), call("b"), result("a")]),
    (e: Error & { status?: number }) => e.status === 400 && /messages\[3\]/.test(e.message),
  );
  assert.throws(() => assertToolResultsAnswerCalls([call(""), result("")]), /empty call id/);
});
