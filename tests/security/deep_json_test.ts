/**
 * Classes 3 and 8 of issue 8: JSON nested past what recursion can take is a 400 naming the limit
 * (before any upstream is contacted), a schema that explodes when its `$ref`s are inlined is
 * refused instead of built, and failures caused by the client's input never count against a
 * provider's circuit breaker.
 */
import { capturedLog } from "../support/log_capture.ts";
import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { MAX_JSON_DEPTH } from "../../lib/json/bounded_json.ts";
import {
  clientCall,
  ENTRIES,
  type EntryName,
  isErrorShape,
  post,
  securityConfig,
} from "./_gateway.ts";

/** `{"type":"object","properties":{"a": … }}` nested `levels` deep, built as text. */
function deepSchemaText(levels: number): string {
  return '{"type":"object","properties":{"a":'.repeat(levels) + '{"type":"string"}' +
    "}}".repeat(levels);
}

function withTools(entry: EntryName, schemaText: string): string {
  const call = clientCall(entry, `echo-model`);
  const body = JSON.stringify(call.body).slice(0, -1); // reopen the object
  const tools = {
    openai: `[{"type":"function","function":{"name":"f","parameters":${schemaText}}}]`,
    openai_responses: `[{"type":"function","name":"f","parameters":${schemaText}}]`,
    anthropic: `[{"name":"f","input_schema":${schemaText}}]`,
    gemini: `[{"functionDeclarations":[{"name":"f","parameters":${schemaText}}]}]`,
  }[entry];
  return `${body},"tools":${tools}}`;
}

function countingFetch(): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    fetch: (() => {
      calls++;
      return Promise.resolve(new Response("{}", { status: 500 }));
    }) as typeof fetch,
  };
}

for (const entry of ENTRIES) {
  Deno.test(`a tool schema nested 10,000 deep is a 400 naming the limit (${entry})`, async () => {
    const upstream = countingFetch();
    const handler = createHandler({
      log: capturedLog().log,
      config: securityConfig("http://p.test"),
      fetch: upstream.fetch,
    });
    const call = clientCall(entry, "echo-model");
    const res = await post(handler, {
      path: call.path,
      body: withTools(entry, deepSchemaText(10_000)),
    });
    const body = await res.json();
    assert.equal(res.status, 400);
    assert.ok(isErrorShape(entry, body), JSON.stringify(body));
    assert.match(body.error.message, new RegExp(`more than ${MAX_JSON_DEPTH} levels`));
    assert.equal(upstream.calls(), 0);
  });
}

Deno.test("count_tokens with a deeply nested body is a 400 in Anthropic's shape", async () => {
  const handler = createHandler({
    log: capturedLog().log,
    config: securityConfig("http://p.test"),
  });
  const text = withTools("anthropic", deepSchemaText(5_000)).replace(/,"max_tokens":16/, "");
  const res = await post(handler, { path: "/v1/messages/count_tokens", body: text });
  assert.equal(res.status, 400);
  assert.ok(isErrorShape("anthropic", await res.json()));
});

/** 40 definitions, each referring twice to the next: 2^40 nodes once inlined. */
function refBomb(): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  for (let i = 0; i < 40; i++) {
    const next = i === 39 ? { type: "string" } : { $ref: `#/$defs/d${i + 1}` };
    defs[`d${i}`] = { type: "object", properties: { x: next, y: next } };
  }
  return { type: "object", properties: { root: { $ref: "#/$defs/d0" } }, $defs: defs };
}

Deno.test("client-input failures never open a provider's circuit breaker", async () => {
  let calls = 0;
  const fetchFn = (() => {
    calls++;
    return Promise.resolve(Response.json({
      candidates: [{ content: { role: "model", parts: [{ text: "ok" }] }, finishReason: "STOP" }],
    }));
  }) as typeof fetch;
  const handler = createHandler({
    log: capturedLog().log,
    config: securityConfig("http://p.test", "circuit_breaker_failures = 3\nretry_attempts = 2"),
    fetch: fetchFn,
  });
  const started = performance.now();
  for (let i = 0; i < 4; i++) {
    const bomb = clientCall("openai", "gemini-x");
    bomb.body.tools = [{ type: "function", function: { name: "f", parameters: refBomb() } }];
    const res = await post(handler, bomb);
    assert.equal(res.status, 400);
    assert.match((await res.json()).error.message, /schema size limit/);
    const badName = await post(handler, clientCall("anthropic", "gemini-\uD800"));
    assert.equal(badName.status, 400);
    await badName.body?.cancel();
  }
  assert.ok(performance.now() - started < 5_000, "the $ref bomb is refused, not expanded");
  assert.equal(calls, 0, "nothing reached the provider");
  const ok = await post(handler, clientCall("openai", "gemini-x"));
  assert.equal(ok.status, 200, "the breaker stayed closed");
  assert.equal(calls, 1);
});
