import assert from "node:assert/strict";
import { GatewayError } from "../../lib/ir/error.ts";
import type { IrStreamEvent } from "../../lib/ir/events.ts";
import { PROTOCOLS } from "../../lib/protocols/registry.ts";
import type { EntryContext } from "../../lib/protocols/entry.ts";
import type { UpstreamStream } from "../../lib/server/pipeline/call_target.ts";
import { relayEvents, type StreamWatcher } from "../../lib/server/pipeline/relay_events.ts";

const ctx: EntryContext = {
  newId: (prefix) => `${prefix}1`,
  now: () => 1_700_000_000_000,
  clientModel: "claude-x",
  request: { model: "claude-x", system: [], messages: [], tools: [], stream: true },
  wire: {},
  responseId: "msg_1",
  upstreamProtocol: "openai",
};

const START: IrStreamEvent = { type: "message_start", id: "u1", model: "m" };
const text = (t: string): IrStreamEvent[] => [{ type: "text_delta", index: 0, text: t }];
const OPEN: IrStreamEvent = { type: "block_start", index: 0, block: { type: "text" } };
const END: IrStreamEvent[] = [
  { type: "block_stop", index: 0 },
  { type: "finish", stop: { reason: "end_turn" } },
];

/**
 * An upstream whose reads are the given batches, `message_start` first; a function batch is
 * awaited (a pending read).
 */
function upstream(reads: (IrStreamEvent[] | (() => Promise<IrStreamEvent[]>))[]) {
  const log = { closed: 0 };
  let i = 1;
  const stream: UpstreamStream = {
    first: [START, ...reads[0] as IrStreamEvent[]],
    next: () => {
      const read = reads[i++];
      if (read === undefined) return Promise.resolve(undefined);
      return typeof read === "function" ? read() : Promise.resolve(read);
    },
    failure: (error) =>
      new GatewayError({ status: 502, kind: "upstream_unavailable", message: String(error) }),
    close: () => void log.closed++,
  };
  return { stream, log };
}

function watcher() {
  const log = { seen: [] as string[], arrived: 0, ended: 0 };
  const watch: StreamWatcher = {
    arrived: () => void log.arrived++,
    see: (event) => void log.seen.push(event.type),
    reachedEnd: () => Promise.resolve(),
    ended: () => void log.ended++,
  };
  return { watch, log };
}

async function writes(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of body) out.push(new TextDecoder().decode(chunk));
  return out;
}

const encoder = () => PROTOCOLS.anthropic.client.streamEncoder(ctx);

Deno.test("relayEvents writes each upstream read's events in one write", async () => {
  const { stream, log } = upstream([[OPEN, ...text("a"), ...text("b")], text("c"), END]);
  const w = watcher();
  const out = await writes(
    relayEvents(stream, encoder(), w.watch, { ms: 5000, onIdle: () => START }),
  );
  assert.equal(out.length, 3);
  assert.equal(out[0].match(/event: content_block_delta/g)?.length, 2);
  assert.match(out[0], /event: message_start/);
  assert.match(out[2], /event: message_stop/);
  assert.deepEqual(w.log.seen.at(-1), "finish");
  assert.equal(w.log.arrived, 3);
  assert.deepEqual([log.closed, w.log.ended], [1, 1]);
});

Deno.test("relayEvents turns a failed read into the client protocol's error frame", async () => {
  const { stream, log } = upstream([
    [OPEN, ...text("a")],
    () => Promise.reject(new Error("reset")),
  ]);
  const w = watcher();
  const out =
    (await writes(relayEvents(stream, encoder(), w.watch, { ms: 5000, onIdle: () => START })))
      .join("");
  assert.match(out, /event: error\ndata: .*Error: reset/);
  assert.doesNotMatch(out, /message_stop/);
  assert.equal(w.log.seen.at(-1), "error");
  assert.deepEqual([log.closed, w.log.ended], [1, 1]);
});

Deno.test("relayEvents ends a stream silent past the idle limit with the idle event", async () => {
  let release!: () => void;
  const never = () =>
    new Promise<IrStreamEvent[]>((_, reject) => (release = () => reject(new Error("aborted"))));
  const { stream, log } = upstream([[OPEN], never]);
  const w = watcher();
  const idle: IrStreamEvent = {
    type: "error",
    error: new GatewayError({ status: 504, kind: "timeout", message: "silent" }),
  };
  const out =
    (await writes(relayEvents(stream, encoder(), w.watch, { ms: 50, onIdle: () => idle })))
      .join("");
  release();
  assert.match(out, /event: error\ndata: .*silent/);
  assert.deepEqual([log.closed, w.log.ended], [1, 1]);
});

Deno.test("relayEvents: a client that leaves during a read closes the upstream and is told once", async () => {
  let fail!: (error: Error) => void;
  const pending = () => new Promise<IrStreamEvent[]>((_, reject) => (fail = reject));
  const { stream, log } = upstream([[OPEN, ...text("a")], pending]);
  const w = watcher();
  const body = relayEvents(stream, encoder(), w.watch, { ms: 5000, onIdle: () => START });
  const reader = body.getReader();
  await reader.read(); // the first write
  const read = reader.read(); // now waiting on the upstream
  await new Promise((resolve) => setTimeout(resolve, 10));
  await reader.cancel();
  fail(new Error("aborted")); // the upstream read ends once the upstream is closed
  await read.catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual([log.closed, w.log.ended], [1, 1]);
  assert.equal(w.log.seen.includes("error"), false, "no event is seen after the client left");
});
