/**
 * Class 1 of issue 8: a client-chosen model name must never move the upstream URL. Every entry ×
 * every upstream protocol, on prefix routes without `rewrite_model`, with path tricks, query and
 * fragment characters, userinfo, absolute URLs and text that is not valid Unicode.
 */
import { capturedLog } from "../support/log_capture.ts";
import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { pathSegment, upstreamUrl } from "../../lib/protocols/upstream_url.ts";
import { clientCall, ENTRIES, isErrorShape, post, securityConfig } from "./_gateway.ts";

const BASE = "http://provider.test";

const TRICKS = [
  "../../../../__escaped/admin#",
  "x/../../../../__escaped/admin#",
  "x/..%2F..%2F__escaped",
  "x%2F..%2F..%2Fadmin",
  "x?key=stolen",
  "x#frag",
  "x@evil.test",
  "x/@evil.test/",
  "http://evil.test/steal",
  "//evil.test/steal",
  "x\\..\\..\\admin",
  "x/./.",
  "x/%2e%2e/%2e%2e/admin",
  "x\uD800",
  "x\uDFFF tail",
  "x\u0000\r\nHost: evil.test",
];

function recordingFetch(urls: string[]): typeof fetch {
  return ((input: RequestInfo | URL) => {
    urls.push(String(input instanceof Request ? input.url : input));
    return Promise.resolve(new Response("{}", { status: 404 }));
  }) as typeof fetch;
}

for (const upstream of ENTRIES) {
  for (const entry of ENTRIES) {
    Deno.test(`a model name cannot move the ${upstream} upstream URL (${entry} client)`, async () => {
      const urls: string[] = [];
      const handler = createHandler({
        log: capturedLog().log,
        config: securityConfig(BASE),
        fetch: recordingFetch(urls),
      });
      for (const trick of TRICKS) {
        const res = await post(handler, clientCall(entry, `${upstream}-${trick}`));
        const body = await res.json();
        assert.ok(res.status >= 400 && res.status < 500, `${trick}: ${res.status}`);
        assert.ok(isErrorShape(entry, body), `${trick}: ${JSON.stringify(body)}`);
      }
      assert.ok(urls.length > 0);
      const prefix = `${BASE}/${upstream}/base/`;
      for (const url of urls) {
        assert.ok(url.startsWith(prefix), url);
        const parsed = new URL(url);
        assert.equal(parsed.origin, BASE, url);
        assert.ok(parsed.pathname.startsWith(`/${upstream}/base/`), url);
        assert.equal(parsed.hash, "", url);
        assert.ok(parsed.search === "" || parsed.search === "?alt=sse", url);
        if (upstream === "gemini") {
          assert.match(parsed.pathname, /^\/gemini\/base\/v1beta\/models\/[^/]+:generateContent$/);
        }
      }
    });
  }
}

Deno.test("upstreamUrl encodes a client value as one segment and keeps the base", () => {
  assert.equal(
    upstreamUrl("https://g.test/proxy/v1beta/", "v1beta", "models/{m}:generateContent", {
      m: "a/../b?c#d@e",
    }, { alt: "sse" }),
    "https://g.test/proxy/v1beta/models/a%2F..%2Fb%3Fc%23d%40e:generateContent?alt=sse",
  );
  assert.equal(
    upstreamUrl("https://o.test", "v1", "chat/completions"),
    "https://o.test/v1/chat/completions",
  );
});

Deno.test("pathSegment refuses dot segments and broken Unicode as the client's 400", () => {
  for (const bad of ["", ".", "..", "%2e", "%2E%2e", "\uD800"]) {
    assert.throws(
      () => pathSegment("model", bad),
      (e: { status?: number; local?: boolean }) => e.status === 400 && e.local === true,
    );
  }
  assert.equal(pathSegment("model", "gemini-2.5-pro"), "gemini-2.5-pro");
});

Deno.test("a Gemini path whose model is bad percent-encoding is a 400 in Gemini's shape", async () => {
  const handler = createHandler({
    log: capturedLog().log,
    config: securityConfig(BASE),
    fetch: recordingFetch([]),
  });
  for (const model of ["%E0%A4%A", "%", "gemini-%ZZ", "%C0%AF"]) {
    const res = await post(handler, {
      path: `/v1beta/models/${model}:generateContent`,
      body: { contents: [{ role: "user", parts: [{ text: "hi" }] }] },
    });
    assert.equal(res.status, 400, model);
    assert.ok(isErrorShape("gemini", await res.json()), model);
  }
});
