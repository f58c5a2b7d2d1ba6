import assert from "node:assert/strict";
import { encodeOpenAIError } from "../../../../lib/protocols/openai/client/encode_error.ts";
import { GatewayError, invalidRequest } from "../../../../lib/ir/error.ts";

Deno.test("encodeOpenAIError writes the OpenAI envelope for a local 400", () => {
  assert.deepEqual(encodeOpenAIError(invalidRequest("messages: expected an array", "messages")), {
    status: 400,
    body: {
      error: {
        message: "messages: expected an array",
        type: "invalid_request_error",
        param: "messages",
        code: null,
      },
    },
    headers: {},
  });
});

Deno.test("encodeOpenAIError keeps 529 overloaded distinct and passes retry-after", () => {
  const encoded = encodeOpenAIError(
    new GatewayError({
      status: 529,
      kind: "overloaded",
      message: "Overloaded",
      upstreamType: "overloaded_error",
      upstreamProtocol: "anthropic",
      retryAfter: "3",
    }),
  );
  assert.equal(encoded.status, 529);
  assert.deepEqual(encoded.headers, { "retry-after": "3" });
  assert.equal((encoded.body as { error: { type: string } }).error.type, "overloaded_error");
  const limited = encodeOpenAIError(
    new GatewayError({ status: 429, kind: "rate_limit", message: "slow" }),
  );
  assert.equal((limited.body as { error: { type: string } }).error.type, "rate_limit_error");
});

Deno.test("encodeOpenAIError keeps an OpenAI upstream's own type and code verbatim", () => {
  const encoded = encodeOpenAIError(
    new GatewayError({
      status: 429,
      kind: "rate_limit",
      message: "Rate limit reached",
      upstreamType: "tokens",
      upstreamProtocol: "openai",
      code: "rate_limit_exceeded",
    }),
  );
  assert.deepEqual(encoded.body, {
    error: {
      message: "Rate limit reached",
      type: "tokens",
      param: null,
      code: "rate_limit_exceeded",
    },
  });
  const foreign = encodeOpenAIError(
    new GatewayError({
      status: 401,
      kind: "authentication",
      message: "invalid x-api-key",
      upstreamType: "authentication_error",
      upstreamProtocol: "gemini",
    }),
  );
  assert.equal((foreign.body as { error: { type: string } }).error.type, "authentication_error");
  const server = encodeOpenAIError(
    new GatewayError({ status: 500, kind: "api_error", message: "boom" }),
  );
  assert.equal((server.body as { error: { type: string } }).error.type, "server_error");
});
