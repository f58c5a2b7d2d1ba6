import assert from "node:assert/strict";
import { endpointUrl } from "../../lib/protocols/endpoint_url.ts";

Deno.test("endpointUrl works with or without the version segment and a trailing slash", () => {
  for (const base of ["https://h", "https://h/", "https://h/v1", "https://h/v1/"]) {
    assert.equal(endpointUrl(base, "v1", "chat/completions"), "https://h/v1/chat/completions");
  }
  assert.equal(
    endpointUrl("https://h/v1beta", "v1beta", "models/x:generateContent"),
    "https://h/v1beta/models/x:generateContent",
  );
  assert.equal(
    endpointUrl("https://h/proxy/openai", "v1", "responses"),
    "https://h/proxy/openai/v1/responses",
  );
});
