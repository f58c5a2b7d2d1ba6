import assert from "node:assert/strict";
import { readBodyBytes, readJsonBody } from "../../lib/server/middleware/body_arrival.ts";
import { GatewayError } from "../../lib/ir/error.ts";

const encoder = new TextEncoder();

/** A POST whose body arrives as `chunks`, then stays open when `stall` is set. */
function post(chunks: string[], options: { length?: number; stall?: boolean } = {}): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!options.stall) controller.close();
    },
  });
  const headers = new Headers({ "content-type": "application/json" });
  if (options.length !== undefined) headers.set("content-length", String(options.length));
  return new Request("http://gw.test/v1/messages", {
    method: "POST",
    headers,
    body,
    duplex: "half",
  } as RequestInit);
}

async function refusal(reading: Promise<unknown>): Promise<GatewayError> {
  const error = await reading.then(() => undefined, (e) => e);
  assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${error}`);
  return error;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("readBodyBytes reads a body of declared length whole, and one without by chunks", async () => {
  const parts = ['{"model":', '"m","messages"', ":[]}"];
  const whole = parts.join("");
  assert.equal(text(await readBodyBytes(post(parts, { length: whole.length }), 1000, 1000)), whole);
  assert.equal(text(await readBodyBytes(post(parts), 1000, 1000)), whole);
  assert.equal(text(await readBodyBytes(post([whole]), 1000, Infinity)), whole);
});

Deno.test("readBodyBytes refuses bodies over the limit, declared or counted, with 413", async () => {
  const declared = await refusal(readBodyBytes(post(["x"], { length: 5000 }), 1000, 1000));
  assert.equal(declared.status, 413);
  const counted = await refusal(
    readBodyBytes(post(["x".repeat(600), "x".repeat(600)]), 1000, 1000),
  );
  assert.equal(counted.status, 413);
});

Deno.test("readBodyBytes gives up on a stalled body with 408, declared length or not", async () => {
  for (const length of [200, undefined]) {
    const started = performance.now();
    const error = await refusal(readBodyBytes(post(["{"], { length, stall: true }), 1000, 50));
    assert.equal(error.status, 408, `length ${length}`);
    assert.match(error.message, /body_read_timeout_secs/);
    assert.ok(performance.now() - started < 2000, "the deadline ends the wait");
  }
});

Deno.test("readBodyBytes reads a declared length without making the body's stream", async () => {
  const whole = '{"model":"m","messages":[]}';
  const request = post([whole], { length: whole.length });
  // `request.body` builds a stream in Deno; a declared length is read by `bytes()` alone.
  Object.defineProperty(request, "body", {
    get: () => assert.fail("the body's stream was asked for"),
  });
  assert.equal(text(await readBodyBytes(request, 1000, 1000)), whole);
});

Deno.test("a request without a body is refused as empty, declared length or not", async () => {
  for (const headers of [{ "content-length": "0" }, {}] as Record<string, string>[]) {
    const request = new Request("http://gw.test/v1/messages", { method: "POST", headers });
    const scope = { request } as unknown as Parameters<typeof readJsonBody>[0];
    const error = await refusal(readJsonBody(scope, 1000, 1000));
    assert.equal(error.status, 400);
    assert.match(error.message, /request body is empty: expected a JSON object/);
  }
});
