/**
 * The same-protocol fast path: when the client and the upstream speak the same protocol and the
 * answer needs no change (same model name, no stored history), the upstream's SSE frames go to
 * the client as they came (lib/streaming/frame_relay.ts) instead of decode → IR → encode per
 * event. The request record still gets usage, stop reason and errors: the few frames that carry
 * them are decoded once, at the end, by the upstream adapter. A stream that breaks, goes silent
 * or ends early gets the client protocol's own error frame, as on the decoded path.
 *
 * @module
 */
import { type GatewayError, streamEndedEarly } from "../ir/error.ts";
import type { IrStreamEvent } from "../ir/events.ts";
import type { RequestRecord } from "../observability/request_record.ts";
import type { Entry, EntryContext } from "../protocols/entry.ts";
import type { FrameRelayEnd, SseHead } from "../streaming/frame_relay.ts";
import type { SseMessage } from "../streaming/sse_scanner.ts";
import type { UpstreamStream } from "./call_target.ts";
import type { GatewayDeps } from "./deps.ts";
import { type Deadline, timeoutError } from "./middleware/timeouts.ts";
import { streamWatcher } from "./stream_watcher.ts";

/** The raw side of a same-protocol upstream stream. */
export interface UpstreamFrames {
  sse: SseHead;
  /** The upstream adapter's decoder, for the notable frames. */
  decode(messages: AsyncIterable<SseMessage>): AsyncIterable<IrStreamEvent>;
}

export interface FramesAnswer {
  entry: Entry;
  ctx: EntryContext;
  stream: UpstreamStream;
  record: RequestRecord;
  deps: GatewayDeps;
  limit: Deadline;
  finish: (status: number, error?: GatewayError) => void;
  timeoutSecs: number;
  headers: Record<string, string>;
}

/** Whether the frames can go as they came: nothing the decoded path would change. */
export function framesApply(a: FramesAnswer, remembers: boolean): boolean {
  return a.stream.frames !== undefined && !remembers &&
    a.ctx.upstreamProtocol === a.entry.protocol && a.entry.frameRules !== undefined &&
    a.record.upstreamModel === a.ctx.clientModel;
}

export function answerWithFrames(a: FramesAnswer): Response {
  const frames = a.stream.frames!;
  const rules = a.entry.frameRules!(a.ctx.wire);
  a.limit.clear();
  const notable: SseMessage[] = [];
  const body = frames.sse.relay({
    rules,
    idleMs: a.timeoutSecs * 1000,
    onNotable: (message) => notable.push(message),
    finish: (end) => finishFrames(a, frames, notable, end),
  });
  a.record.firstByteMs = a.deps.now() - a.record.startedAt;
  return new Response(body, {
    status: 200,
    headers: {
      ...a.headers,
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    },
  });
}

/** The record from the notable frames, the upstream closed, and the error frame if one is due. */
async function finishFrames(
  a: FramesAnswer,
  frames: UpstreamFrames,
  notable: SseMessage[],
  end: FrameRelayEnd,
): Promise<string | undefined> {
  const watcher = streamWatcher(a.record, a.deps, (status, error) => {
    a.limit.dispose();
    a.finish(status, error);
  }, undefined);
  try {
    const failure = failureOf(a, end);
    const events = frames.decode(fromArray(notable));
    for await (const event of events) {
      // A cut stream decodes to its own early-end error; the relay's cause is the one to keep.
      if (failure && event.type === "error") break;
      watcher.see(event);
    }
    if (end.kind === "idle") a.limit.expire();
    if (!failure) {
      if (end.kind !== "client_left") await watcher.reachedEnd();
      return undefined;
    }
    const error: IrStreamEvent = { type: "error", error: failure };
    watcher.see(error);
    await watcher.reachedEnd();
    let text = "";
    for await (const piece of a.entry.encodeStream(fromArray([error]), a.ctx).chunks) text += piece;
    return text;
  } finally {
    a.stream.close();
    watcher.ended();
  }
}

function failureOf(a: FramesAnswer, end: FrameRelayEnd): GatewayError | undefined {
  switch (end.kind) {
    case "completed":
    case "client_left":
      return undefined;
    case "ended_early":
      return streamEndedEarly();
    case "idle":
      return timeoutError(a.timeoutSecs, "a pause between stream events");
    case "failed":
      return a.stream.failure(end.error);
  }
}

async function* fromArray<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}
