import assert from "node:assert/strict";
import { geminiAdapter } from "../../../../lib/protocols/gemini/upstream/mod.ts";

Deno.test("decodeGeminiError keeps message, status string and retry delay", () => {
  const body = JSON.stringify({
    error: {
      code: 429,
      message: "Resource has been exhausted (e.g. check quota).",
      status: "RESOURCE_EXHAUSTED",
      details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "31.2s" }],
    },
  });
  const error = geminiAdapter.decodeError(429, body, new Headers());
  assert.equal(error.status, 429);
  assert.equal(error.kind, "rate_limit");
  assert.equal(error.upstreamType, "RESOURCE_EXHAUSTED");
  assert.equal(error.upstreamProtocol, "gemini");
  assert.equal(error.message, "Resource has been exhausted (e.g. check quota).");
  assert.equal(error.retryAfter, "32");
});

Deno.test("decodeGeminiError reads an error inside a JSON array and prefers the retry-after header", () => {
  const body = JSON.stringify([{
    error: { code: 400, message: "bad schema", status: "INVALID_ARGUMENT" },
  }]);
  const error = geminiAdapter.decodeError(400, body, new Headers({ "retry-after": "5" }));
  assert.equal(error.kind, "invalid_request");
  assert.equal(error.message, "bad schema");
  assert.equal(error.retryAfter, "5");
});

Deno.test("decodeGeminiError falls back to the status for a non-JSON body", () => {
  const error = geminiAdapter.decodeError(503, "<html>down</html>", new Headers());
  assert.equal(error.kind, "upstream_unavailable");
  assert.equal(error.message, "<html>down</html>");
  assert.equal(error.upstreamType, undefined);
});
