import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { keyHashOf } from "../../lib/server/middleware/auth.ts";
import { BASE_PROVIDERS, config, post } from "./_support.ts";

const KEYS = { GATEWAY_KEYS: "key-alpha, key-beta" };

function gateway(extra = "") {
  const loaded = config(
    `[auth]\nenabled = true\napi_keys_env = "GATEWAY_KEYS"\n${extra}\n${BASE_PROVIDERS}\n` +
      `[[routes]]\nmatch = "*"\nprovider = "echo"\n`,
  );
  return createHandler({ config: loaded, env: (name) => KEYS[name as keyof typeof KEYS] });
}

const bodies = {
  openai: { model: "m", messages: [{ role: "user", content: "hi" }] },
  anthropic: { model: "m", max_tokens: 10, messages: [{ role: "user", content: "hi" }] },
  responses: { model: "m", input: "hi" },
  gemini: { contents: [{ role: "user", parts: [{ text: "hi" }] }] },
};

function json(body: unknown): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

Deno.test("auth accepts a Bearer key on the OpenAI entry and refuses a wrong one in OpenAI shape", async () => {
  const handler = gateway();
  const ok = await handler(
    post("/v1/chat/completions", json(bodies.openai), { authorization: "Bearer key-beta" }),
  );
  assert.equal(ok.status, 200);
  assert.match((await ok.json()).choices[0].message.content, /echo: hi/);

  const bad = await handler(
    post("/v1/chat/completions", json(bodies.openai), { authorization: "Bearer key-gamma" }),
  );
  assert.equal(bad.status, 401);
  const body = await bad.json();
  assert.equal(body.error.type, "authentication_error");
  assert.equal(body.error.message, "invalid gateway API key");
});

Deno.test("auth accepts x-api-key on the Anthropic entry and refuses a missing key in Anthropic shape", async () => {
  const handler = gateway();
  const ok = await handler(
    post("/v1/messages", json(bodies.anthropic), { "x-api-key": "key-alpha" }),
  );
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).type, "message");

  const missing = await handler(post("/v1/messages", json(bodies.anthropic)));
  assert.equal(missing.status, 401);
  const body = await missing.json();
  assert.equal(body.type, "error");
  assert.equal(body.error.type, "authentication_error");
  assert.match(body.error.message, /missing gateway API key/);
});

Deno.test("auth guards the Responses entry and answers in its error shape", async () => {
  const handler = gateway();
  const ok = await handler(
    post("/v1/responses", json(bodies.responses), { authorization: "Bearer key-alpha" }),
  );
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).object, "response");

  const bad = await handler(post("/v1/responses", json(bodies.responses), { "x-api-key": "nope" }));
  assert.equal(bad.status, 401);
  const body = await bad.json();
  assert.equal(typeof body.error.message, "string");
  assert.equal(body.error.message, "invalid gateway API key");
});

Deno.test("auth takes x-goog-api-key and ?key= on the Gemini entry and refuses in Gemini shape", async () => {
  const handler = gateway();
  const path = "/v1beta/models/gemini-x:generateContent";
  const viaHeader = await handler(
    post(path, json(bodies.gemini), { "x-goog-api-key": "key-alpha" }),
  );
  assert.equal(viaHeader.status, 200);
  assert.ok((await viaHeader.json()).candidates);
  const viaQuery = await handler(post(`${path}?key=key-beta`, json(bodies.gemini)));
  assert.equal(viaQuery.status, 200);

  const bad = await handler(post(`${path}?key=wrong`, json(bodies.gemini)));
  assert.equal(bad.status, 401);
  const body = await bad.json();
  assert.equal(body.error.code, 401);
  assert.equal(body.error.status, "UNAUTHENTICATED");
});

Deno.test("auth ignores x-goog-api-key and ?key= outside the Gemini entry", async () => {
  const handler = gateway();
  const res = await handler(
    post("/v1/chat/completions?key=key-alpha", json(bodies.openai), {
      "x-goog-api-key": "key-alpha",
    }),
  );
  assert.equal(res.status, 401);
});

Deno.test("health, readiness and the root stay open; metrics are open unless protect_metrics", async () => {
  const handler = gateway();
  for (const path of ["/health", "/healthz", "/readyz", "/", "/metrics"]) {
    const res = await handler(new Request(`http://gateway.test${path}`));
    assert.equal(res.status, 200, path);
    await res.body?.cancel();
  }
  const models = await handler(new Request("http://gateway.test/v1/models"));
  assert.equal(models.status, 401);

  const guarded = gateway("protect_metrics = true");
  const refused = await guarded(new Request("http://gateway.test/metrics"));
  assert.equal(refused.status, 401);
  const allowed = await guarded(
    new Request("http://gateway.test/metrics", { headers: { authorization: "Bearer key-alpha" } }),
  );
  assert.equal(allowed.status, 200);
  assert.match(await allowed.text(), /ferryllm_auth_rejected_total 1/);
});

Deno.test("auth refuses everything when it is enabled but no keys are set", async () => {
  const loaded = config(
    `[auth]\nenabled = true\n${BASE_PROVIDERS}\n[[routes]]\nmatch = "*"\nprovider = "echo"\n`,
  );
  const handler = createHandler({ config: loaded, env: () => undefined });
  const res = await handler(
    post("/v1/chat/completions", json(bodies.openai), { authorization: "Bearer anything" }),
  );
  assert.equal(res.status, 401);
});

Deno.test("the key hash is 12 hex digits of SHA-256, never the key", async () => {
  const hash = await keyHashOf("key-alpha");
  assert.match(hash, /^[0-9a-f]{12}$/);
  assert.notEqual(hash, await keyHashOf("key-beta"));
  // sha256("key-alpha") starts with these digits.
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode("key-alpha")),
  );
  assert.equal(
    hash,
    Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, "0")).join(""),
  );
});
