import assert from "node:assert/strict";
import { builtUrlFootprint, upstreamUrl } from "../../lib/protocols/upstream_url.ts";

const GEMINI = "models/{model}:streamGenerateContent";

Deno.test("upstreamUrl gives each input its own URL, the same one when asked again", () => {
  for (let i = 0; i < 2; i++) {
    assert.equal(
      upstreamUrl("https://a.example/v1", "v1", "chat/completions"),
      "https://a.example/v1/chat/completions",
    );
    assert.equal(
      upstreamUrl("https://b.example/api", "v1", "chat/completions"),
      "https://b.example/api/v1/chat/completions",
    );
    assert.equal(
      upstreamUrl("https://g.example/v1beta", "v1beta", GEMINI, { model: "a/b" }, { alt: "sse" }),
      "https://g.example/v1beta/models/a%2Fb:streamGenerateContent?alt=sse",
    );
    assert.equal(
      upstreamUrl("https://g.example/v1beta", "v1beta", GEMINI, { model: "a" }, { alt: "sse" }),
      "https://g.example/v1beta/models/a:streamGenerateContent?alt=sse",
    );
    assert.equal(
      upstreamUrl("https://g.example/v1beta", "v1beta", GEMINI, { model: "a" }),
      "https://g.example/v1beta/models/a:streamGenerateContent",
    );
  }
});

Deno.test("upstreamUrl refuses a dot-segment model every time, not only the first", () => {
  upstreamUrl("https://g.example/v1beta", "v1beta", GEMINI, { model: "ok" });
  for (let i = 0; i < 2; i++) {
    assert.throws(
      () => upstreamUrl("https://g.example/v1beta", "v1beta", GEMINI, { model: ".." }),
      /cannot be used in an upstream URL/,
    );
  }
});

Deno.test("upstreamUrl keeps a bounded memory of URLs whatever models clients send", () => {
  for (let i = 0; i < 3_000; i++) {
    const model = `m${i}-${"x".repeat(i % 2 === 0 ? 10 : 5_000)}`;
    const url = upstreamUrl("https://g.example/v1beta", "v1beta", GEMINI, { model });
    assert.equal(url, `https://g.example/v1beta/models/${model}:streamGenerateContent`);
  }
  const { urls, chars } = builtUrlFootprint();
  assert.ok(urls <= 1024, `${urls} URLs kept`);
  assert.ok(chars <= 1024 * 2048, `${chars} characters kept`);
});
