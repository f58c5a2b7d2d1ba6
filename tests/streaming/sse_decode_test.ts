import assert from "node:assert/strict";
import { byteChunks } from "../../lib/streaming/chunks.ts";
import { decodeSse } from "../../lib/streaming/sse_decode.ts";

const source = (text: string, size: number) =>
  (async function* () {
    yield* byteChunks(text, size);
  })();

const wire =
  'event: message_start\r\ndata: {"a":"é你"}\r\n\r\n: comment\n\ndata: {"b":\ndata: 2}\n\nevent: ping\ndata: {}\n\n';

Deno.test("decodeSse frames events the same at every chunk size, CRLF and UTF-8 splits included", async () => {
  const expected = [
    { event: "message_start", data: '{"a":"é你"}' },
    { data: '{"b":\n2}' },
    { event: "ping", data: "{}" },
  ];
  for (const size of [1, 2, 3, 7, 4096]) {
    assert.deepEqual(
      await Array.fromAsync(decodeSse(source(wire, size))),
      expected,
      `chunk size ${size}`,
    );
  }
});

Deno.test("decodeSse keeps a final event that lacks the closing blank line", async () => {
  assert.deepEqual(await Array.fromAsync(decodeSse(source("data: [DONE]", 3))), [{
    data: "[DONE]",
  }]);
});

/** A byte stream, like a fetch body: read through a BYOB reader into one reused buffer. */
function byteStream(
  text: string,
  size: number,
): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  let cancelled = false;
  const body = new ReadableStream({
    type: "bytes",
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        controller.byobRequest?.respond(0); // a byte source must settle a pending BYOB read
        return;
      }
      controller.enqueue(bytes.slice(offset, offset += size));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, cancelled: () => cancelled };
}

Deno.test("decodeSse reads a byte stream (a fetch body) the same at every chunk size", async () => {
  const expected = [
    { event: "message_start", data: '{"a":"é你"}' },
    { data: '{"b":\n2}' },
    { event: "ping", data: "{}" },
  ];
  for (const size of [1, 3, 7, 4096]) {
    const { body } = byteStream(wire, size);
    assert.deepEqual(await Array.fromAsync(decodeSse(body)), expected, `chunk size ${size}`);
  }
});

Deno.test("decodeSse keeps events larger than its read buffer whole", async () => {
  const big = "x".repeat(40_000) + "é";
  const { body } = byteStream(`data: ${big}\n\ndata: after\n\n`, 50_000);
  assert.deepEqual(await Array.fromAsync(decodeSse(body)), [{ data: big }, { data: "after" }]);
});

Deno.test("decodeSse cancels the body when its reader stops early", async () => {
  for (const size of [5, 4096]) {
    const stream = byteStream("data: 1\n\ndata: 2\n\ndata: 3\n\n".repeat(50), size);
    for await (const message of decodeSse(stream.body)) {
      assert.equal(message.data, "1");
      break;
    }
    assert.equal(stream.cancelled(), true, `chunk size ${size}`);
  }
});

Deno.test("decodeSse says when it waits for the network", async () => {
  let release!: () => void;
  const later = new Promise<void>((resolve) => (release = resolve));
  const source = (async function* () {
    yield new TextEncoder().encode("data: 1\n\n");
    await later;
    yield new TextEncoder().encode("data: 2\n\n");
  })();
  const state = { waiting: false };
  const messages = decodeSse(source, state);
  assert.deepEqual((await messages.next()).value, { data: "1" });
  assert.equal(state.waiting, false);
  const second = messages.next();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(state.waiting, true);
  release();
  assert.deepEqual((await second).value, { data: "2" });
  assert.equal(state.waiting, false);
  assert.equal((await messages.next()).done, true);
});
