import assert from "node:assert/strict";
import { decodeOpenAIError } from "../../../../lib/protocols/openai/upstream/decode_error.ts";
import { fixtureText } from "./_stream_fixture.ts";

Deno.test("decodeOpenAIError keeps status, type, code and retry-after", () => {
  const error = decodeOpenAIError(
    429,
    fixtureText("rate_limit_error.json"),
    new Headers({ "retry-after": "7" }),
  );
  assert.equal(error.status, 429);
  assert.equal(error.kind, "rate_limit");
  assert.equal(error.upstreamType, "tokens");
  assert.equal(error.upstreamProtocol, "openai");
  assert.equal(error.code, "rate_limit_exceeded");
  assert.equal(error.retryAfter, "7");
  assert.match(error.message, /Rate limit reached/);
});

Deno.test("decodeOpenAIError takes the message from a non-JSON body", () => {
  const error = decodeOpenAIError(502, "<html>Bad Gateway</html>\n", new Headers());
  assert.equal(error.status, 502);
  assert.equal(error.kind, "upstream_unavailable");
  assert.equal(error.message, "<html>Bad Gateway</html>");
  assert.equal(error.retryAfter, undefined);
});

Deno.test("decodeOpenAIError reads param and a string error", () => {
  const withParam = decodeOpenAIError(
    400,
    JSON.stringify({
      error: {
        message: "This model's maximum context length is 128000 tokens.",
        type: "invalid_request_error",
        param: "messages",
        code: "context_length_exceeded",
      },
    }),
    new Headers(),
  );
  assert.equal(withParam.kind, "invalid_request");
  assert.equal(withParam.param, "messages");
  assert.equal(withParam.code, "context_length_exceeded");
  const plain = decodeOpenAIError(
    503,
    JSON.stringify({ error: "upstream overloaded" }),
    new Headers(),
  );
  assert.equal(plain.message, "upstream overloaded");
  assert.equal(plain.status, 503);
});
