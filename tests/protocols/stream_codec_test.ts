/**
 * The synchronous stream cores against their async-generator forms, for every protocol: the
 * decoders over every SSE fixture at 1-byte, odd and whole-text chunk splits (driven frame by
 * frame as the server drives them, one network read at a time), and the encoders over the IR
 * streams those fixtures decode to, complete, cut short and failing.
 */
import assert from "node:assert/strict";
import type { ResolvedProvider } from "../../lib/config/load.ts";
import type { ProtocolId } from "../../lib/ir/content.ts";
import { GatewayError, toGatewayError } from "../../lib/ir/error.ts";
import type { IrStreamEvent } from "../../lib/ir/events.ts";
import type { AdapterContext } from "../../lib/protocols/adapter.ts";
import type { EntryContext } from "../../lib/protocols/entry.ts";
import { PROTOCOLS } from "../../lib/protocols/registry.ts";
import type { StreamEncoder } from "../../lib/protocols/stream_codec.ts";
import { upstreamEvents } from "../../lib/server/pipeline/upstream_events.ts";
import { byteChunks } from "../../lib/streaming/chunks.ts";
import { readSseHead } from "../../lib/streaming/frame_relay.ts";
import { decodeSse } from "../../lib/streaming/sse_decode.ts";
import { type SseMessage, sseScanner } from "../../lib/streaming/sse_scanner.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url);
const CHUNK_SIZES = [1, 3, 7, 61, 1 << 20];
const IDS = Object.keys(PROTOCOLS) as ProtocolId[];

function sseFixtures(protocol: ProtocolId): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [];
  const walk = (dir: URL, prefix: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isDirectory) walk(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith(".sse")) {
        found.push({
          name: `${prefix}${entry.name}`,
          text: Deno.readTextFileSync(new URL(entry.name, dir)),
        });
      }
    }
  };
  walk(new URL(`${protocol}/`, FIXTURES), "");
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

function adapterContext(protocol: ProtocolId): AdapterContext {
  let n = 0;
  return {
    provider: {
      name: "up",
      type: protocol,
      base_url: "http://up",
      apiKey: "k",
    } as ResolvedProvider,
    origin: { protocol, provider: "up", model: "m" },
    clientHeaders: new Headers(),
    clientProtocol: protocol,
    newId: (prefix) => `${prefix}${++n}`,
    now: () => 1_700_000_000_000,
  };
}

function entryContext(upstream: ProtocolId, wire: Record<string, unknown> = {}): EntryContext {
  let n = 0;
  return {
    newId: (prefix) => `${prefix}${++n}`,
    now: () => 1_700_000_000_000,
    clientModel: "client-model",
    request: { model: "client-model", system: [], messages: [], tools: [], stream: true },
    wire,
    responseId: "resp_gateway_1",
    upstreamProtocol: upstream,
  };
}

/** A decoded stream's events, or what it threw, comparable with deepEqual. */
type Outcome = { events: IrStreamEvent[]; thrown?: string };

async function asyncDecoded(protocol: ProtocolId, text: string, size: number): Promise<Outcome> {
  const events: IrStreamEvent[] = [];
  const messages = decodeSse(ReadableStream.from(byteChunks(text, size)));
  try {
    for await (
      const e of PROTOCOLS[protocol].upstream.decodeStream(messages, adapterContext(protocol))
    ) {
      events.push(e);
    }
  } catch (error) {
    return { events, thrown: String(error) };
  }
  return { events };
}

/** The core alone, fed the frames of each chunk as the scanner completes them. */
function syncDecoded(protocol: ProtocolId, text: string, size: number): Outcome {
  const decoder = PROTOCOLS[protocol].upstream.streamDecoder(adapterContext(protocol));
  const scanner = sseScanner();
  const utf8 = new TextDecoder();
  const events: IrStreamEvent[] = [];
  const frames: SseMessage[] = [];
  try {
    for (const chunk of [...byteChunks(text, size), undefined]) {
      if (chunk) scanner.feed(utf8.decode(chunk, { stream: true }), frames);
      else scanner.end(frames);
      for (const frame of frames.splice(0)) {
        if (decoder.push(frame, events)) {
          decoder.end(events);
          return { events };
        }
      }
    }
  } catch (error) {
    return { events, thrown: String(error) };
  }
  decoder.end(events);
  return { events };
}

/** The server's reader: the body's reads through `upstreamEvents`. */
async function serverDecoded(protocol: ProtocolId, text: string, size: number): Promise<Outcome> {
  const head = await readSseHead(ReadableStream.from(byteChunks(text, size)));
  const decoder = PROTOCOLS[protocol].upstream.streamDecoder(adapterContext(protocol));
  const reads = upstreamEvents(head.batches(), decoder);
  const events: IrStreamEvent[] = [];
  try {
    for (let batch = await reads.next(); batch; batch = await reads.next()) events.push(...batch);
  } catch (error) {
    return { events, thrown: String(error) };
  }
  return { events };
}

for (const protocol of IDS) {
  for (const { name, text } of sseFixtures(protocol)) {
    Deno.test(`${protocol} stream decoder core equals decodeStream on ${name} at every chunk split`, async () => {
      const expected = await asyncDecoded(protocol, text, 1 << 20);
      assert.ok(expected.events.length > 0, "the fixture decodes to something");
      for (const size of CHUNK_SIZES) {
        assert.deepEqual(await asyncDecoded(protocol, text, size), expected, `async, ${size} B`);
        assert.deepEqual(syncDecoded(protocol, text, size), expected, `core, ${size} B`);
        assert.deepEqual(await serverDecoded(protocol, text, size), expected, `server, ${size} B`);
      }
    });
  }
}

Deno.test("upstreamEvents decodes one read's frames together and stops reading after the last", async () => {
  const text = sseFixtures("openai").find((f) => f.name === "text_stream.sse")!.text;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text)); // the whole answer in one read
    },
    cancel() {
      cancelled = true;
    },
  });
  const head = await readSseHead(body);
  const reads = upstreamEvents(
    head.batches(),
    PROTOCOLS.openai.upstream.streamDecoder(adapterContext("openai")),
  );
  const first = await reads.next();
  assert.equal(first?.at(-1)?.type, "finish", "every event of the read, the end included");
  assert.equal(await reads.next(), undefined);
  assert.equal(cancelled, true, "the body is left once the answer is complete");
});

Deno.test("upstreamEvents hands out a read's events before a bad frame's error", async () => {
  const text =
    'data: {"id":"c1","model":"m","choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n' +
    "data: not json\n\n";
  // Anthropic's decoder throws on a frame that is not JSON; the events before it still go out.
  const anthropic =
    'event: message_start\ndata: {"type":"message_start","message":{"id":"m1","model":"c","usage":{"input_tokens":1}}}\n\ndata: not json\n\n';
  const head = await readSseHead(ReadableStream.from(byteChunks(anthropic, 1 << 20)));
  const reads = upstreamEvents(
    head.batches(),
    PROTOCOLS.anthropic.upstream.streamDecoder(adapterContext("anthropic")),
  );
  assert.equal((await reads.next())?.[0].type, "message_start");
  await assert.rejects(() => reads.next(), GatewayError);
  assert.equal(await reads.next(), undefined);
  // OpenAI reports a bad chunk itself, as an error event.
  const openai = await serverDecoded("openai", text, 5);
  assert.equal(openai.events.at(-1)?.type, "error");
});

/** The IR streams the fixtures decode to: every upstream's shapes, errors included. */
async function irStreams(): Promise<{ name: string; events: IrStreamEvent[] }[]> {
  const streams: { name: string; events: IrStreamEvent[] }[] = [];
  for (const protocol of IDS) {
    for (const { name, text } of sseFixtures(protocol)) {
      const { events, thrown } = await asyncDecoded(protocol, text, 1 << 20);
      if (!thrown) streams.push({ name: `${protocol}/${name}`, events });
    }
  }
  return streams;
}

async function asyncEncoded(
  protocol: ProtocolId,
  events: IrStreamEvent[],
  ctx: EntryContext,
  failAfter?: number,
): Promise<string> {
  const source = (async function* () {
    for (const [i, event] of events.entries()) {
      if (i === failAfter) throw new Error("connection reset");
      yield event;
    }
  })();
  const { chunks } = PROTOCOLS[protocol].client.encodeStream(source, ctx);
  return (await Array.fromAsync(chunks)).join("");
}

function syncEncoded(encoder: StreamEncoder, events: IrStreamEvent[], failAfter?: number): string {
  let text = "";
  for (const [i, event] of events.entries()) {
    if (i === failAfter) {
      // What the async form makes of the same thrown failure.
      return text + encoder.end(toGatewayError(new Error("connection reset")));
    }
    text += encoder.push(event);
    if (encoder.done) return text;
  }
  return text + encoder.end();
}

const ENCODINGS: { protocol: ProtocolId; wire?: Record<string, unknown>; label: string }[] = [
  { protocol: "openai", label: "openai" },
  { protocol: "openai", wire: { includeUsage: true }, label: "openai with usage" },
  { protocol: "anthropic", label: "anthropic" },
  { protocol: "openai_responses", label: "openai_responses" },
  { protocol: "gemini", wire: { sse: true }, label: "gemini SSE" },
  { protocol: "gemini", label: "gemini JSON array" },
];

for (const { protocol, wire, label } of ENCODINGS) {
  Deno.test(`${label} stream encoder core equals encodeStream on every upstream's IR streams, whole, cut short and failing`, async () => {
    const streams = await irStreams();
    assert.ok(streams.length >= 10);
    for (const { name, events } of streams) {
      const whole = events.length;
      for (
        const [variant, cut, failAfter] of [
          ["whole", whole, undefined],
          ["cut short", Math.floor(whole / 2), undefined],
          ["failing", whole, Math.floor(whole / 2)],
        ] as const
      ) {
        const input = events.slice(0, cut);
        const ctx = () => entryContext(protocol === "openai" ? "anthropic" : "openai", wire);
        const expected = await asyncEncoded(protocol, input, ctx(), failAfter);
        const encoder = PROTOCOLS[protocol].client.streamEncoder(ctx());
        const actual = syncEncoded(encoder, input, failAfter);
        assert.equal(actual, expected, `${name}, ${variant}`);
        assert.equal(encoder.done, true, `${name}, ${variant}: the encoder is done`);
        assert.equal(encoder.push(events[0]), "", "nothing is written after the end");
      }
    }
  });
}

Deno.test("upstreamEvents: a body ended by the exchange's abort reports the abort's reason, not an early end", async () => {
  const controller = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode('event: ping\ndata: {"type":"ping"}\n\n'));
    },
    // and then nothing: the upstream went quiet before its first event
  });
  const head = await readSseHead(body, controller.signal);
  const decoder = PROTOCOLS.anthropic.upstream.streamDecoder(adapterContext("anthropic"));
  const reads = upstreamEvents(head.batches(), decoder);
  assert.deepEqual(await reads.next(), [], "a ping makes no event");
  const pending = reads.next();
  const timeout = new GatewayError({ status: 504, kind: "timeout", message: "too slow" });
  controller.abort(timeout);
  await assert.rejects(pending, (error) => error === timeout);
});
