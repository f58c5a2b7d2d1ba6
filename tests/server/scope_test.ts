import assert from "node:assert/strict";
import { holdUntilDone, markRequestDone, whenRequestDone } from "../../lib/server/scope.ts";

const request = () => new Request("http://gateway.test/v1/chat/completions", { method: "POST" });

Deno.test("whenRequestDone runs at once for a response that is not a running stream", () => {
  let runs = 0;
  whenRequestDone(request(), () => runs++);
  assert.equal(runs, 1);

  const ended = request();
  holdUntilDone(ended);
  markRequestDone(ended);
  whenRequestDone(ended, () => runs++);
  assert.equal(runs, 2);
});

Deno.test("whenRequestDone waits for a held stream to be marked done, and runs once", () => {
  const streamed = request();
  holdUntilDone(streamed);
  let runs = 0;
  whenRequestDone(streamed, () => runs++);
  assert.equal(runs, 0);
  markRequestDone(streamed);
  assert.equal(runs, 1);
  markRequestDone(streamed);
  assert.equal(runs, 1);
});
