/**
 * The decoded path's stream toward the client (translation, or a same-protocol answer that
 * changes): upstream events → the client protocol's encoder → bytes.
 *
 * One upstream read's events are all seen, encoded and written in one turn and one write: the
 * decoder and encoder are synchronous cores (lib/protocols/stream_codec.ts), so the only awaits
 * per read are the read itself and, rarely, a watcher that must store the exchange first. Along
 * the way it enforces the idle limit, lets a watcher see every event, turns a failed read into
 * the client protocol's error frame, and however the stream ends (completed, failed, timed out,
 * or the client left) closes the upstream and tells the watcher, exactly once.
 *
 * @module
 */
import { GatewayError, toGatewayError } from "../../ir/error.ts";
import type { IrStreamEvent } from "../../ir/events.ts";
import type { StreamEncoder } from "../../protocols/stream_codec.ts";
import type { UpstreamStream } from "./call_target.ts";
import { IDLE, idleGuard } from "../resilience/timeouts.ts";

export interface StreamWatcher {
  /** One read's events arrived from the upstream (the upstream's time runs to here). */
  arrived(): void;
  /**
   * Every event, just before it goes on to the client. A promise (the exchange being stored on
   * `finish`) is awaited before the event is passed on, so the client never sees the end of a
   * turn that a chained next turn could not find yet.
   */
  see(event: IrStreamEvent): Promise<void> | void;
  /** The stream reached its end, its last event perhaps an error, before the client left. */
  reachedEnd(): Promise<void>;
  /** Last, once, however the stream ended; the upstream is closed by then. */
  ended(): void;
}

export interface IdleLimit {
  ms: number;
  /** The event that ends a stream silent for `ms`; it should also abort the upstream read. */
  onIdle(): IrStreamEvent;
}

export function relayEvents(
  upstream: UpstreamStream,
  encoder: StreamEncoder,
  watcher: StreamWatcher,
  idle: IdleLimit,
): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder();
  const guard = idleGuard(idle.ms);
  let batch: IrStreamEvent[] | undefined = upstream.first;
  let readable = true; // false after the end, a timeout or a failed read: nothing more is read
  let closed = false;
  let cancelled = false; // the client left: nothing is written any more

  const close = () => {
    if (closed) return;
    closed = true;
    guard.stop();
    upstream.close();
    watcher.ended();
  };

  /** Events → client text, each seen first; stops at the encoder's terminal frame. */
  const encode = async (events: IrStreamEvent[]): Promise<string> => {
    let text = "";
    for (let i = 0; i < events.length && !encoder.done; i++) {
      if (closed) return ""; // the client left (perhaps while the exchange was stored)
      const seen = watcher.see(events[i]);
      if (seen) await seen;
      text += encoder.push(events[i]);
    }
    return text;
  };

  /** The next events: one read's, or the last one of a stream that cannot go on. */
  const read = async (): Promise<IrStreamEvent[] | undefined> => {
    try {
      const next = upstream.next();
      const result = await guard.wait(next);
      if (result !== IDLE) return result;
      next.catch(() => {}); // settles once the upstream is aborted; nobody reads it
      readable = false;
      return [idle.onIdle()];
    } catch (error) {
      readable = false;
      const failure = closed ? clientLeft() : upstream.failure(error);
      return [{ type: "error", error: failure }];
    }
  };

  watcher.arrived(); // the first read
  /** The next client text, and whether it is the last. */
  const next = async (): Promise<{ text: string; last: boolean }> => {
    while (true) {
      if (batch) {
        const text = await encode(batch);
        batch = undefined;
        if (encoder.done || closed) return { text, last: true };
        if (text !== "") return { text, last: false };
      }
      if (!readable) return { text: encoder.end(), last: true };
      batch = await read();
      if (batch?.length) watcher.arrived();
      if (batch === undefined) {
        await watcher.reachedEnd();
        return { text: encoder.end(), last: true };
      }
    }
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text: string;
      let last: boolean;
      try {
        ({ text, last } = await next());
      } catch (error) {
        // A fault of the gateway's own (an encoder bug): still the protocol's error frame.
        text = encoder.end(toGatewayError(error));
        last = true;
      }
      if (cancelled) return;
      // The record is complete before the client can see the end of the stream.
      if (last) close();
      if (text !== "") controller.enqueue(bytes.encode(text));
      if (last) controller.close();
    },
    cancel() {
      cancelled = true;
      close();
    },
  }, { highWaterMark: 0 });
}

/** A read aborted because the client went away: the client's doing, not the upstream's. */
function clientLeft(): GatewayError {
  return new GatewayError({ status: 499, kind: "api_error", message: "client closed the stream" });
}
