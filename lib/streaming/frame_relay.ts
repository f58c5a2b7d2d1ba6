/**
 * The same-protocol fast path's stream: upstream SSE frames go to a client of the same protocol
 * as they came, with no decode → IR → encode per event. Each network read is scanned once for
 * the frames it completes, and they leave in one write. Only the few frames the request record
 * needs (usage, stop reason, errors) are handed out, for the caller to decode; a frame the
 * client did not ask for can be dropped (OpenAI's usage chunk).
 *
 * However the stream ends, `finish` is called once and may return one last frame for the client:
 * the protocol's error frame when the upstream broke off, went silent past the idle limit, or
 * ended before its final event. Nothing is written after a client leaves.
 *
 * @module
 */
import { type BodyReads, bodyReads } from "./body_reads.ts";
import { IDLE, idleWatch } from "./idle_watch.ts";
import { type SseMessage, type SseScanner, sseScanner } from "./sse_scanner.ts";

/** What a protocol says about its own frames. */
export interface FrameRules {
  /** A frame the request record needs decoded: usage, stop reason, an error. */
  notable(message: SseMessage): boolean;
  /** The protocol's final frame of a complete answer. */
  isEnd(message: SseMessage): boolean;
  /** False drops the frame on its way to the client. */
  keep(message: SseMessage): boolean;
}

/** How the stream ended, as `finish` learns it. */
export type FrameRelayEnd =
  | { kind: "completed" }
  /** The body ended without the protocol's final frame. */
  | { kind: "ended_early" }
  | { kind: "idle" }
  | { kind: "failed"; error: unknown }
  | { kind: "client_left" };

export interface FrameRelayOptions {
  rules: FrameRules;
  /** A wait on the upstream longer than this ends the stream (`idle`). */
  idleMs: number;
  /** Each notable frame, in order (the first frame of the stream always is). */
  onNotable(message: SseMessage): void;
  /** Once, last; the text it returns (an error frame) is the client's last write. */
  finish(end: FrameRelayEnd): Promise<string | undefined> | string | undefined;
}

/** An upstream SSE body whose first frames have been read (to answer errors before headers). */
export interface SseHead {
  /** The frames complete after the first reads: at least one, unless the body ended first. */
  head: SseMessage[];
  /** The rest of the stream toward the client, starting with `head`. */
  relay(options: FrameRelayOptions): ReadableStream<Uint8Array>;
  /** Or the frames one network read at a time, `head` first, for the decoded path. */
  batches(): SseBatches;
  /** True while `batches` has read nothing past `head`, so `relay` still has every frame. */
  pristine(): boolean;
  /** Gives up on the body (an error answered before headers). */
  cancel(): Promise<void>;
}

/**
 * Reads until the first complete frame (or the end of the body). `signal`: the exchange is over
 * (timeout, client gone); the body is cancelled at once, even during a pending read, which a
 * fetch's own abort does not always end.
 */
export async function readSseHead(
  body: AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): Promise<SseHead> {
  const reads = bodyReads(body);
  const stop = () => void reads.cancel();
  if (signal?.aborted) stop();
  signal?.addEventListener("abort", stop, { once: true });
  const unlisten = () => signal?.removeEventListener("abort", stop);
  const decoder = new TextDecoder();
  const scanner = sseScanner();
  const head: SseMessage[] = [];
  let ended = false;
  try {
    while (head.length === 0) {
      const chunk = await reads.read();
      if (chunk === undefined) {
        scanner.feed(decoder.decode(), head);
        scanner.end(head);
        ended = true;
        break;
      }
      scanner.feed(decoder.decode(chunk, { stream: true }), head);
    }
  } catch (error) {
    unlisten();
    await reads.cancel();
    throw error;
  }
  if (signal?.aborted) {
    unlisten();
    throw signal.reason;
  }
  const source: Source = {
    reads,
    decoder,
    scanner,
    head,
    ended,
    readOn: false,
    unlisten,
    signal,
  };
  return {
    head,
    relay: (options) => relayFrames(source, options),
    batches: () => sseBatches(source),
    pristine: () => !source.readOn,
    cancel: () => {
      unlisten();
      return reads.cancel();
    },
  };
}

/** The frames of an SSE body, one network read at a time. */
export interface SseBatches {
  /**
   * The frames the next read completed (perhaps none), or undefined once the body is over.
   * Throws when the read fails; the body is cancelled then.
   */
  next(): Promise<SseMessage[] | undefined>;
  /** Stops reading: cancels the body (safe to call at any time, and twice). */
  cancel(): void;
}

function sseBatches(source: Source): SseBatches {
  const { reads, decoder, scanner } = source;
  let head: SseMessage[] | undefined = source.head;
  let over = false;
  const stop = () => {
    if (over) return;
    over = true;
    source.unlisten();
    void reads.cancel();
  };
  return {
    async next() {
      if (head) {
        const batch = head.slice();
        head = undefined;
        if (source.ended) {
          over = true;
          source.unlisten();
        }
        return batch;
      }
      if (over) return undefined;
      source.readOn = true;
      let chunk: Uint8Array | undefined;
      try {
        chunk = await reads.read();
      } catch (error) {
        stop();
        throw error;
      }
      const batch: SseMessage[] = [];
      if (chunk === undefined) {
        over = true;
        source.unlisten();
        // Ended by the exchange's abort (a timeout): that is the cause, not an early end.
        if (source.signal?.aborted) throw source.signal.reason;
        scanner.feed(decoder.decode(), batch);
        scanner.end(batch);
        return batch;
      }
      scanner.feed(decoder.decode(chunk, { stream: true }), batch);
      return batch;
    },
    cancel: stop,
  };
}

interface Source {
  reads: BodyReads;
  decoder: TextDecoder;
  scanner: SseScanner;
  head: SseMessage[];
  ended: boolean;
  /** `batches` read past the head. */
  readOn: boolean;
  /** Stops following the exchange's signal. */
  unlisten(): void;
  /** The exchange's signal: its abort cancels the body. */
  signal?: AbortSignal;
}

function relayFrames(source: Source, options: FrameRelayOptions): ReadableStream<Uint8Array> {
  const { reads, decoder, scanner } = source;
  const { rules } = options;
  const encoder = new TextEncoder();
  const idle = idleWatch(options.idleMs, () => void reads.cancel());
  let pending: SseMessage[] | undefined = source.head;
  let bodyEnded = source.ended;
  let sawEnd = false;
  let finished = false;
  let first = true;

  /** Frames → client text; notes the notable ones and the final frame. */
  const frames = (messages: SseMessage[]): string => {
    let text = "";
    for (const message of messages) {
      if (first || rules.notable(message)) options.onNotable(message);
      first = false;
      if (rules.isEnd(message)) sawEnd = true;
      if (rules.keep(message)) text += frameText(message);
      if (sawEnd) break; // nothing after the final frame is the client's
    }
    return text;
  };

  const finish = async (end: FrameRelayEnd): Promise<string> => {
    if (finished) return "";
    finished = true;
    idle.stop();
    source.unlisten();
    // After the final frame too, as the decoded path does: the body is not read past it. Not
    // awaited: a body that is not a byte stream ends its pending read only when it speaks.
    void reads.cancel();
    return (await options.finish(end)) ?? "";
  };

  /** The next client text: one read's frames, or the last words once the body is over. */
  const next = async (): Promise<{ text: string; last: boolean }> => {
    while (true) {
      if (pending) {
        const text = frames(pending);
        pending = undefined;
        if (sawEnd) return { text: text + await finish({ kind: "completed" }), last: true };
        if (text !== "") return { text, last: false };
      }
      if (bodyEnded) return { text: await finish({ kind: "ended_early" }), last: true };
      const batch: SseMessage[] = [];
      let chunk: Uint8Array | undefined | typeof IDLE;
      try {
        chunk = await idle.during(reads.read());
      } catch (error) {
        return { text: await finish({ kind: "failed", error }), last: true };
      }
      if (chunk === IDLE) return { text: await finish({ kind: "idle" }), last: true };
      if (chunk === undefined) {
        scanner.feed(decoder.decode(), batch);
        scanner.end(batch);
        bodyEnded = true;
      } else {
        scanner.feed(decoder.decode(chunk, { stream: true }), batch);
      }
      pending = batch;
    }
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { text, last } = await next();
      if (text !== "") controller.enqueue(encoder.encode(text));
      if (last) controller.close();
    },
    async cancel() {
      await finish({ kind: "client_left" });
    },
  }, { highWaterMark: 0 });
}

/** One SSE frame as the client reads it (the same data, normalized line ends). */
function frameText(message: SseMessage): string {
  const data = message.data.includes("\n")
    ? message.data.split("\n").map((line) => `data: ${line}`).join("\n")
    : `data: ${message.data}`;
  return message.event === undefined ? `${data}\n\n` : `event: ${message.event}\n${data}\n\n`;
}
