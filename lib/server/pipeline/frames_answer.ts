/**
 * The same-protocol fast path: when the client and the upstream speak the same protocol and the
 * answer needs no change (same model name, no stored history), the upstream's SSE frames go to
 * the client as they came (lib/streaming/frame_relay.ts) instead of decode → IR → encode per
 * event. The request record still gets usage, stop reason and errors: the few frames that carry
 * them (the entry's `frameRules` say which) are decoded once, at the end, by the upstream
 * adapter, and go through the same stream watcher as on the decoded path. A stream that breaks,
 * goes silent or ends early gets the client protocol's own error frame, as on the decoded path.
 *
 * @module
 */
import { boundedText } from "../../observability/bounded_text.ts";
import { type GatewayError, streamEndedEarly } from "../../ir/error.ts";
import type { IrStreamEvent } from "../../ir/events.ts";
import type { Entry, EntryContext } from "../../protocols/entry.ts";
import type { FrameRelayEnd, SseHead } from "../../streaming/frame_relay.ts";
import type { SseMessage } from "../../streaming/sse_scanner.ts";
import type { RequestScope } from "../scope.ts";
import { timeoutError } from "../resilience/timeouts.ts";
import type { UpstreamStream } from "./call_target.ts";
import { endOfRequest, streamWatcher } from "./stream_watcher.ts";

/** The raw side of a same-protocol upstream stream. */
export interface UpstreamFrames {
  sse: SseHead;
  /** The upstream adapter's decoder, for the notable frames: their events, the end's included. */
  decode(messages: SseMessage[]): IrStreamEvent[];
}

/** Whether the frames can go as they came: nothing the decoded path would change. */
export function framesApply(
  scope: RequestScope,
  entry: Entry,
  ctx: EntryContext,
  stream: UpstreamStream,
  remembers: boolean,
): boolean {
  return stream.frames !== undefined && !remembers && entry.frameRules !== undefined &&
    ctx.upstreamProtocol === entry.protocol &&
    scope.lifecycle?.record.upstreamModel === boundedText(ctx.clientModel);
}

export function answerWithFrames(
  scope: RequestScope,
  entry: Entry,
  ctx: EntryContext,
  stream: UpstreamStream,
  timeoutSecs: number,
  headers: Record<string, string>,
): Response {
  const frames = stream.frames!;
  scope.deadline!.clear();
  scope.holdUntilEnd();
  const notable: SseMessage[] = [];
  const end = { scope, entry, ctx, stream, timeoutSecs };
  const body = frames.sse.relay({
    rules: entry.frameRules!(ctx.wire),
    idleMs: timeoutSecs * 1000,
    onNotable: (message) => notable.push(message),
    finish: (how) => finishFrames(end, frames, notable, how),
  });
  scope.lifecycle!.emit({ type: "first_byte" });
  return new Response(body, {
    status: 200,
    headers: {
      ...headers,
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    },
  });
}

interface FramesEnd {
  scope: RequestScope;
  entry: Entry;
  ctx: EntryContext;
  stream: UpstreamStream;
  timeoutSecs: number;
}

/** The record from the notable frames, the upstream closed, and the error frame if one is due. */
async function finishFrames(
  a: FramesEnd,
  frames: UpstreamFrames,
  notable: SseMessage[],
  end: FrameRelayEnd,
): Promise<string | undefined> {
  const limit = a.scope.deadline!;
  const lifecycle = a.scope.lifecycle!;
  const watcher = streamWatcher(lifecycle, endOfRequest(a.scope), undefined);
  try {
    const failure = failureOf(a, end);
    watcher.arrived();
    for (const event of frames.decode(notable)) {
      // A cut stream decodes to its own early-end error; the relay's cause is the one to keep.
      if (failure && event.type === "error") break;
      await watcher.see(event);
    }
    if (end.kind === "idle") limit.expire();
    if (!failure) {
      if (end.kind !== "client_left") await watcher.reachedEnd();
      return undefined;
    }
    const error: IrStreamEvent = { type: "error", error: failure };
    await watcher.see(error);
    await watcher.reachedEnd();
    return a.entry.streamEncoder(a.ctx).push(error);
  } finally {
    a.stream.close();
    watcher.ended();
  }
}

function failureOf(a: FramesEnd, end: FrameRelayEnd): GatewayError | undefined {
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
