import assert from "node:assert/strict";
import { anthropicEntry } from "../../../../lib/protocols/anthropic/client/mod.ts";
import { GatewayError, invalidRequest } from "../../../../lib/ir/error.ts";

Deno.test("encodeAnthropicError maps kinds to Anthropic error types and statuses", () => {
  const cases: [GatewayError, number, string][] = [
    [invalidRequest("messages: expected an array"), 400, "invalid_request_error"],
    [
      new GatewayError({ status: 401, kind: "authentication", message: "bad key" }),
      401,
      "authentication_error",
    ],
    [
      new GatewayError({ status: 413, kind: "request_too_large", message: "big" }),
      413,
      "request_too_large",
    ],
    [
      new GatewayError({ status: 429, kind: "rate_limit", message: "slow" }),
      429,
      "rate_limit_error",
    ],
    [
      new GatewayError({ status: 529, kind: "overloaded", message: "busy" }),
      529,
      "overloaded_error",
    ],
    [new GatewayError({ status: 504, kind: "timeout", message: "timed out" }), 504, "api_error"],
  ];
  for (const [error, status, type] of cases) {
    const encoded = anthropicEntry.encodeError(error);
    assert.equal(encoded.status, status);
    assert.deepEqual(encoded.body, { type: "error", error: { type, message: error.message } });
  }
});

Deno.test("encodeAnthropicError keeps an Anthropic upstream's type and wording verbatim", () => {
  const error = new GatewayError({
    status: 400,
    kind: "invalid_request",
    message: "messages.1.content.0.thinking.signature: Invalid `signature` in `thinking` block",
    upstreamType: "invalid_request_error",
    upstreamProtocol: "anthropic",
  });
  assert.deepEqual(anthropicEntry.encodeError(error).body, {
    type: "error",
    error: { type: "invalid_request_error", message: error.message },
  });
  const future = new GatewayError({
    status: 402,
    kind: "permission",
    message: "billing",
    upstreamType: "billing_error",
    upstreamProtocol: "anthropic",
  });
  assert.equal(
    (anthropicEntry.encodeError(future).body as { error: { type: string } }).error.type,
    "billing_error",
  );
  const foreign = new GatewayError({
    status: 429,
    kind: "rate_limit",
    message: "x",
    upstreamType: "insufficient_quota",
    upstreamProtocol: "openai",
  });
  assert.equal(
    (anthropicEntry.encodeError(foreign).body as { error: { type: string } }).error.type,
    "rate_limit_error",
  );
});

Deno.test("encodeAnthropicError passes retry-after and says when not to retry", () => {
  const encoded = anthropicEntry.encodeError(
    new GatewayError({
      status: 429,
      kind: "rate_limit",
      message: "limit",
      retryAfter: "30",
      noRetry: true,
    }),
  );
  assert.deepEqual(encoded.headers, { "retry-after": "30", "x-should-retry": "false" });
});
