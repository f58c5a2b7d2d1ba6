/**
 * Class 2 of issue 8 (cross-site requests and DNS rebinding) and class 4 (every answer in the
 * caller's protocol shape, whatever the path).
 */
import { capturedLog } from "../support/log_capture.ts";
import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { clientCall, ENTRIES, isErrorShape, securityConfig } from "./_gateway.ts";

const GATEWAY = "http://127.0.0.1:3000";

function gateway(server = "", listenHost: string | undefined = "127.0.0.1") {
  return createHandler({
    log: capturedLog().log,
    config: securityConfig("http://p.test", server),
    listenHost,
  });
}

function send(
  handler: (r: Request) => Promise<Response>,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Response> {
  return handler(new Request(`${GATEWAY}${path}`, { method: init.method ?? "POST", ...init }));
}

for (const entry of ENTRIES) {
  Deno.test(`a cross-site text/plain POST is refused with 403 in ${entry}'s shape`, async () => {
    const call = clientCall(entry, "echo-model");
    const res = await send(gateway(), call.path, {
      headers: { "content-type": "text/plain", origin: "https://evil.example" },
      body: JSON.stringify(call.body),
    });
    const body = await res.json();
    assert.equal(res.status, 403);
    assert.ok(isErrorShape(entry, body), JSON.stringify(body));
    assert.match(body.error.message, /\[server\] allowed_origins/);
    assert.equal(res.headers.get("access-control-allow-origin"), null);
  });

  Deno.test(`a DNS-rebinding Host is refused with 403 in ${entry}'s shape`, async () => {
    const call = clientCall(entry, "echo-model");
    const res = await send(gateway(), call.path, {
      headers: { "content-type": "application/json", host: "rebind.evil.example:3000" },
      body: JSON.stringify(call.body),
    });
    const body = await res.json();
    assert.equal(res.status, 403);
    assert.ok(isErrorShape(entry, body), JSON.stringify(body));
    assert.match(body.error.message, /\[server\] allowed_hosts/);
  });
}

Deno.test("native clients (no Origin) and the gateway's own origin are served", async () => {
  const call = clientCall("openai", "echo-model", "hello");
  const variants: Record<string, string>[] = [
    {},
    { origin: GATEWAY },
    { host: "localhost:3000" },
    { host: "[::1]:3000" },
  ];
  for (const headers of variants) {
    const res = await send(gateway(), call.path, {
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(call.body),
    });
    assert.equal(res.status, 200, JSON.stringify(headers));
    await res.body?.cancel();
  }
});

Deno.test("allowed_origins admits a listed origin, with CORS headers and a preflight", async () => {
  const handler = gateway('allowed_origins = ["https://app.example"]');
  const preflight = await send(handler, "/v1/chat/completions", {
    method: "OPTIONS",
    headers: {
      origin: "https://app.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type, authorization",
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "https://app.example");
  assert.equal(
    preflight.headers.get("access-control-allow-headers"),
    "content-type, authorization",
  );
  const call = clientCall("openai", "echo-model", "hello");
  const res = await send(handler, call.path, {
    headers: { "content-type": "application/json", origin: "https://app.example" },
    body: JSON.stringify(call.body),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("access-control-allow-origin"), "https://app.example");
  await res.body?.cancel();
  const foreign = await send(handler, "/v1/chat/completions", {
    method: "OPTIONS",
    headers: { origin: "https://other.example", "access-control-request-method": "POST" },
  });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.headers.get("access-control-allow-origin"), null);
});

Deno.test("allowed_hosts admits a listed name; a non-loopback listener checks no Host", async () => {
  const call = clientCall("anthropic", "echo-model", "hello");
  const init = (host: string) => ({
    headers: { "content-type": "application/json", host },
    body: JSON.stringify(call.body),
  });
  const listed = await send(gateway('allowed_hosts = ["gw.lan"]'), call.path, init("gw.lan:3000"));
  assert.equal(listed.status, 200);
  await listed.body?.cancel();
  const open = await send(gateway("", "0.0.0.0"), call.path, init("gw.example:3000"));
  assert.equal(open.status, 200);
  await open.body?.cancel();
});

Deno.test("a 404 answers in the shape of the protocol its path belongs to", async () => {
  const handler = gateway();
  const cases: Array<[string, string, typeof ENTRIES[number]]> = [
    ["POST", "/v1beta/models/gemini-x:countEverything", "gemini"],
    ["GET", "/v1beta/cachedContents", "gemini"],
    ["POST", "/v1/models/gemini-x:embedContent", "gemini"],
    ["POST", "/v1/messages/batches", "anthropic"],
    ["DELETE", "/v1/responses/resp_1", "openai_responses"],
    ["POST", "/v1/embeddings", "openai"],
  ];
  for (const [method, path, entry] of cases) {
    const res = await send(handler, path, {
      method,
      headers: { "content-type": "application/json" },
      body: method === "GET" ? undefined : "{}",
    });
    assert.equal(res.status, 404, path);
    assert.ok(isErrorShape(entry, await res.json()), path);
  }
});

Deno.test("a failure nothing else caught still answers 500 in the caller's shape", async () => {
  const handler = createHandler({
    log: capturedLog().log,
    config: () => {
      throw new Error("config store unavailable: secret detail");
    },
  });
  const res = await send(handler, "/v1beta/models/g:generateContent", { body: "{}" });
  assert.equal(res.status, 500);
  const body = await res.json();
  assert.ok(isErrorShape("gemini", body), JSON.stringify(body));
  assert.doesNotMatch(body.error.message, /secret detail/);
});
