import assert from "node:assert/strict";
import { decodeAnthropicError } from "../../../../lib/protocols/anthropic/upstream/decode_error.ts";
import { fixtureText } from "./_context.ts";

Deno.test("decodeAnthropicError keeps status, upstream type, message and retry-after", () => {
  const error = decodeAnthropicError(
    529,
    '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    new Headers({ "retry-after": "12" }),
  );
  assert.equal(error.status, 529);
  assert.equal(error.kind, "overloaded");
  assert.equal(error.upstreamType, "overloaded_error");
  assert.equal(error.upstreamProtocol, "anthropic");
  assert.equal(error.message, "Overloaded");
  assert.equal(error.retryAfter, "12");
  assert.equal(error.noRetry, undefined);
});

Deno.test("decodeAnthropicError marks the spend-limit 429 as not retryable", () => {
  const error = decodeAnthropicError(
    429,
    fixtureText("errors/spend_limit_429.json"),
    new Headers(),
  );
  assert.equal(error.kind, "rate_limit");
  assert.equal(error.noRetry, true);
  const plain = decodeAnthropicError(
    429,
    '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}',
    new Headers(),
  );
  assert.equal(plain.noRetry, undefined);
});

Deno.test("decodeAnthropicError survives a non-JSON body", () => {
  const error = decodeAnthropicError(502, "<html>Bad gateway</html>", new Headers());
  assert.equal(error.status, 502);
  assert.equal(error.kind, "upstream_unavailable");
  assert.match(error.message, /Bad gateway/);
});
