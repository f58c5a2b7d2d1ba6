import assert from "node:assert/strict";
import { byteChunks } from "../../lib/streaming/chunks.ts";
import { type FrameRelayEnd, readSseHead } from "../../lib/streaming/frame_relay.ts";
import type { SseMessage } from "../../lib/streaming/sse_scanner.ts";
import { openAIFrameRules } from "../../lib/protocols/openai/client/passthrough_frames.ts";
import { anthropicFrameRules } from "../../lib/protocols/anthropic/client/passthrough_frames.ts";

const chunk = (delta: string, finish: string | null = null) =>
  `data: {"id":"c1","choices":[{"index":0,"delta":{"content":"${delta}"},"finish_reason":${
    finish ? `"${finish}"` : "null"
  }}]}\r\n\r\n`;
const usage =
  'data: {"id":"c1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}\n\n';
const openAIWire = chunk("Hel") + ": keep-alive\n\n" + chunk("lo") + chunk("", "stop") + usage +
  "data: [DONE]\n\n";

/**
 * A byte-stream body, as fetch gives: `text` in pieces of `size` bytes, then it ends, fails, or
 * stalls until cancelled.
 */
function body(text: string, size: number, after: "end" | "stall" | "fail" = "end") {
  const pieces = [...byteChunks(text, size)];
  let cancelled = false;
  const stream = new ReadableStream({
    type: "bytes",
    async pull(controller) {
      const piece = pieces.shift();
      if (piece) return controller.enqueue(piece);
      if (after === "fail") return controller.error(new Error("connection reset"));
      if (after === "end") {
        controller.close();
        return controller.byobRequest?.respond(0);
      }
      while (!cancelled) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

async function relayAll(
  text: string,
  size: number,
  rules = openAIFrameRules(true),
  after: "end" | "stall" | "fail" = "end",
  idleMs = 5_000,
) {
  const source = body(text, size, after);
  const head = await readSseHead(source.stream);
  const notable: SseMessage[] = [];
  const ends: FrameRelayEnd[] = [];
  const out = head.relay({
    rules,
    idleMs,
    onNotable: (m) => notable.push(m),
    finish: (end) => {
      ends.push(end);
      return end.kind === "completed" ? undefined : `data: {"error":"${end.kind}"}\n\n`;
    },
  });
  const written = await new Response(out).text();
  return { head: head.head, written, notable, ends, cancelled: source.cancelled() };
}

Deno.test("frame relay passes Chat Completions frames through at any chunk size, noting only what the record needs", async () => {
  for (const size of [1, 3, 7, 4096]) {
    const { written, notable, ends } = await relayAll(openAIWire, size);
    assert.equal(
      written,
      chunk("Hel").replaceAll("\r", "") + chunk("lo").replaceAll("\r", "") +
        chunk("", "stop").replaceAll("\r", "") + usage + "data: [DONE]\n\n",
      `size ${size}`,
    );
    // The first frame (id, model), the finish chunk, the usage chunk; never a plain text delta.
    assert.equal(notable.length, 3, `size ${size}`);
    assert.match(notable[1].data, /"finish_reason":"stop"/);
    assert.match(notable[2].data, /"usage"/);
    assert.deepEqual(ends, [{ kind: "completed" }]);
  }
});

Deno.test("frame relay drops the usage-only chunk for a client that did not ask for it", async () => {
  const { written, notable } = await relayAll(openAIWire, 5, openAIFrameRules(false));
  assert.doesNotMatch(written, /"usage"/);
  assert.match(written, /data: \[DONE\]\n\n$/);
  assert.ok(notable.some((m) => m.data.includes('"usage"')), "the record still sees usage");
});

Deno.test("frame relay ends a body cut before its final frame with the caller's error frame", async () => {
  const cut = await relayAll(chunk("Hel") + chunk("lo"), 4);
  assert.deepEqual(cut.ends, [{ kind: "ended_early" }]);
  assert.match(cut.written, /data: \{"error":"ended_early"\}\n\n$/);

  const failed = await relayAll(chunk("Hel"), 4, openAIFrameRules(true), "fail");
  assert.equal(failed.ends[0].kind, "failed");
  assert.match(failed.written, /"error":"failed"/);
});

Deno.test("frame relay ends a stream silent past the idle limit and releases the upstream", async () => {
  const { ends, written, cancelled } = await relayAll(
    chunk("Hel"),
    64,
    openAIFrameRules(true),
    "stall",
    60,
  );
  assert.deepEqual(ends, [{ kind: "idle" }]);
  assert.equal(written, chunk("Hel").replaceAll("\r", "") + 'data: {"error":"idle"}\n\n');
  assert.ok(cancelled, "the upstream body was cancelled");
});

Deno.test("frame relay: a client that leaves cancels the upstream and is told once", async () => {
  const source = body(chunk("Hel"), 64, "stall");
  const head = await readSseHead(source.stream);
  const ends: FrameRelayEnd[] = [];
  const reader = head.relay({
    rules: openAIFrameRules(true),
    idleMs: 5_000,
    onNotable: () => {},
    finish: (end) => void ends.push(end),
  }).getReader();
  assert.equal(
    new TextDecoder().decode((await reader.read()).value),
    chunk("Hel").replaceAll("\r", ""),
  );
  const pending = reader.read();
  await reader.cancel();
  await pending.catch(() => {});
  assert.deepEqual(ends, [{ kind: "client_left" }]);
  assert.ok(source.cancelled());
});

Deno.test("frame relay keeps Anthropic events with their names and notes only the envelope", async () => {
  const wire = [
    'event: message_start\ndata: {"type":"message_start","message":{"id":"m1","usage":{"input_tokens":3}}}\n\n',
    'event: content_block_start\ndata: {"type":"content_block_start","index":0}\n\n',
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}\n\n',
    'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}\n\n',
    'event: message_stop\ndata: {"type":"message_stop"}\n\n',
  ].join("");
  const { written, notable, ends, head } = await relayAll(wire, 9, anthropicFrameRules);
  assert.equal(written, wire);
  assert.deepEqual(notable.map((m) => m.event), ["message_start", "message_delta", "message_stop"]);
  assert.equal(head[0].event, "message_start");
  assert.deepEqual(ends, [{ kind: "completed" }]);
});

Deno.test("readSseHead on an empty body has no frames, and the relay reports an early end", async () => {
  const { head, ends, written } = await relayAll("", 4);
  assert.deepEqual(head, []);
  assert.deepEqual(ends, [{ kind: "ended_early" }]);
  assert.equal(written, 'data: {"error":"ended_early"}\n\n');
});

Deno.test("readSseHead: the exchange's abort ends a pending first read and cancels the body", async () => {
  const source = body("", 4, "stall");
  const controller = new AbortController();
  const head = readSseHead(source.stream, controller.signal);
  setTimeout(() => controller.abort(new Error("request timed out")), 20);
  await assert.rejects(head, /request timed out/);
  assert.ok(source.cancelled());
});
