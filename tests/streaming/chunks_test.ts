import assert from "node:assert/strict";
import { textStream } from "../../lib/streaming/chunks.ts";

/** `depth` stacked async generators, like the gateway's adapter → relay → encoder chain. */
function chained(source: AsyncIterable<string>, depth: number): AsyncIterable<string> {
  let chain = source;
  for (let i = 0; i < depth; i++) {
    const inner = chain;
    chain = (async function* () {
      for await (const piece of inner) yield piece;
    })();
  }
  return chain;
}

async function* pieces(values: string[]) {
  for (const value of values) yield value;
}

/** A piece that only becomes available after `turns` microtask turns (no I/O, no timers). */
async function afterTurns(turns: number, value: string): Promise<string> {
  for (let i = 0; i < turns; i++) await undefined;
  return value;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const writes: string[] = [];
  for await (const chunk of stream) writes.push(new TextDecoder().decode(chunk));
  return writes;
}

Deno.test("textStream merges pieces that are ready into one write", async () => {
  const writes = await readAll(textStream(chained(pieces(["a", "b", "c", "d", "e"]), 5)));
  assert.deepEqual(writes, ["abcde"]);
});

Deno.test("textStream never waits on I/O for a piece: the first write leaves alone", async () => {
  let release!: () => void;
  const later = new Promise<void>((resolve) => (release = resolve));
  const source = (async function* () {
    yield "first";
    await later; // stands for the network: only the test can end this wait
    yield "second";
  })();
  const reader = textStream(chained(source, 3)).getReader();
  let timer!: ReturnType<typeof setTimeout>;
  const timeout = new Promise<"waited">((resolve) => (timer = setTimeout(resolve, 2000, "waited")));
  const first = await Promise.race([reader.read(), timeout]);
  clearTimeout(timer);
  assert.notEqual(first, "waited");
  assert.equal(
    new TextDecoder().decode((first as ReadableStreamReadResult<Uint8Array>).value),
    "first",
  );
  release();
  const second = await reader.read();
  assert.equal(new TextDecoder().decode(second.value), "second");
  assert.equal((await reader.read()).done, true);
});

Deno.test("textStream stops looking for ready pieces once the source says it is blocked", async () => {
  const slowSecond = () =>
    (async function* () {
      yield "a";
      yield await afterTurns(20, "b"); // ready after 20 turns: well within the merge window
    })();
  // Not blocked: the piece is still merged.
  assert.deepEqual(await readAll(textStream(slowSecond())), ["ab"]);
  // Blocked (the source claims to wait on the network): it is left for the next write.
  assert.deepEqual(await readAll(textStream(slowSecond(), undefined, () => true)), ["a", "b"]);
});

Deno.test("textStream calls onStop when the reader cancels and when the source fails", async () => {
  let stops = 0;
  const cancelled = textStream(pieces(["a"]), () => {
    stops++;
  });
  await cancelled.cancel();
  assert.equal(stops, 1);

  const failing = textStream(
    { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("encoder broke")) }) },
    () => {
      stops++;
    },
  );
  await assert.rejects(readAll(failing), /encoder broke/);
  assert.equal(stops, 2);
});
