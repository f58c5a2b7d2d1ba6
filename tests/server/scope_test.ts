import assert from "node:assert/strict";
import { matchRoute } from "../../lib/server/routes.ts";
import { createScope } from "../../lib/server/scope.ts";

const scope = () => {
  const request = new Request("http://gateway.test/v1/chat/completions", { method: "POST" });
  let n = 0;
  return createScope(request, matchRoute("POST", "/v1/chat/completions"), (p) => `${p}${++n}`);
};

Deno.test("onEnd runs at once for a response that is not a running stream", () => {
  let runs = 0;
  scope().onEnd(() => runs++);
  assert.equal(runs, 1);

  const ended = scope();
  ended.holdUntilEnd();
  ended.end();
  ended.onEnd(() => runs++);
  assert.equal(runs, 2);
});

Deno.test("onEnd waits for a held stream to be ended, and runs once", async () => {
  const streamed = scope();
  streamed.holdUntilEnd();
  let runs = 0;
  streamed.onEnd(() => runs++);
  assert.equal(runs, 0);
  streamed.responded(); // the handler returned the stream's response: not over yet
  assert.equal(runs, 0);
  streamed.end();
  assert.equal(runs, 1);
  streamed.end();
  assert.equal(runs, 1);
  await streamed.done;
});

Deno.test("a scope's id is the client's x-request-id, else one fresh id made on first use", () => {
  const made = scope();
  assert.equal(made.id, "req_1");
  assert.equal(made.id, "req_1");
  const request = new Request("http://gateway.test/v1/messages", {
    method: "POST",
    headers: { "x-request-id": "abc" },
  });
  assert.equal(createScope(request, matchRoute("POST", "/v1/messages"), () => "x").id, "abc");
  assert.equal(made.caller.keyHash, "anonymous");
});
