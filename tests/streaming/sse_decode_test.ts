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
