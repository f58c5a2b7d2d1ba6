import assert from "node:assert/strict";
import { bodyReads } from "../../lib/streaming/body_reads.ts";

/** A byte stream (as Deno's fetch body is) that hands out `total` bytes as BYOB reads ask. */
function byteStream(total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    type: "bytes",
    pull(controller: ReadableByteStreamController) {
      const request = controller.byobRequest!;
      const view = request.view as Uint8Array;
      const n = Math.min(view.byteLength, total - sent);
      for (let i = 0; i < n; i++) view[i] = (sent + i) % 251;
      sent += n;
      request.respond(n);
      if (sent === total) controller.close();
    },
  });
}

/** The sizes of the reads; with `pattern`, checks the bytes are byteStream's, in order. */
async function readAll(body: AsyncIterable<Uint8Array>, pattern = true): Promise<number[]> {
  const reads = bodyReads(body);
  const sizes: number[] = [];
  let offset = 0;
  for (let chunk = await reads.read(); chunk; chunk = await reads.read()) {
    for (let i = 0; pattern && i < chunk.byteLength; i++) {
      assert.equal(chunk[i], (offset + i) % 251);
    }
    offset += chunk.byteLength;
    sizes.push(chunk.byteLength);
  }
  return sizes;
}

Deno.test("bodyReads reads a byte stream whole and in order, growing its buffer while reads fill it", async () => {
  const sizes = await readAll(byteStream(60_000));
  assert.equal(sizes.reduce((a, b) => a + b, 0), 60_000);
  // Starts small (a slow stream of small events keeps 4 KiB), doubles while reads fill it, and
  // stops at 16 KiB.
  assert.deepEqual(sizes.slice(0, 4), [4096, 8192, 16384, 16384]);
  assert.ok(Math.max(...sizes) <= 16384);
});

Deno.test("bodyReads keeps its first buffer while reads are smaller than it", async () => {
  const events = ['data: {"a":1}\n\n', 'data: {"b":2}\n\n'].map((t) => new TextEncoder().encode(t));
  const offered: number[] = [];
  let i = 0;
  const body = new ReadableStream({
    type: "bytes",
    pull(controller: ReadableByteStreamController) {
      const request = controller.byobRequest!;
      const view = request.view as Uint8Array;
      offered.push(view.byteLength);
      if (i === events.length) {
        controller.close();
        return request.respond(0); // completes the pending read as done
      }
      view.set(events[i]);
      request.respond(events[i++].byteLength);
    },
  });
  assert.deepEqual(await readAll(body, false), events.map((e) => e.byteLength));
  assert.deepEqual(offered, [4096, 4096, 4096], "every read offers the same 4 KiB");
});

Deno.test("bodyReads passes through streams that are not byte streams and async iterables", async () => {
  const pieces = [new Uint8Array([0, 1]), new Uint8Array([2])];
  assert.deepEqual(await readAll(ReadableStream.from(pieces), false), [2, 1]);
  assert.deepEqual(
    await readAll((async function* () {
      yield* pieces;
    })()),
    [2, 1],
  );
});
