/**
 * The synchronous cores of every protocol's stream translation, and the async-generator forms
 * built on them.
 *
 * A decoder takes one SSE frame at a time and returns the IR events it makes; an encoder takes
 * one IR event and returns the client text it makes. Neither waits for anything, so the gateway
 * runs decode → encode for every frame of one network read in one turn and writes once per read
 * (lib/server/pipeline/translated_answer.ts), with no promise per event or per stage. The
 * async-generator forms (`Adapter.decodeStream`, `Entry.encodeStream`) are thin loops over the
 * same cores, so the library API and the server cannot disagree.
 *
 * @module
 */
import { type GatewayError, toGatewayError } from "../ir/error.ts";
import type { IrStreamEvent } from "../ir/events.ts";
import type { SseMessage } from "../streaming/sse_scanner.ts";

/** Upstream SSE frames → IR events, one frame at a time. */
export interface StreamDecoder {
  /**
   * One frame; its events are pushed onto `out`. True once the answer is complete (the
   * protocol's last frame, or an error): no further frame is read, `end` is called next. May
   * throw a `GatewayError` for a frame that is not the protocol's (not JSON).
   */
  push(message: SseMessage, out: IrStreamEvent[]): boolean;
  /** No more frames (the body ended, or `push` said the answer is complete): the last events. */
  end(out: IrStreamEvent[]): void;
  /**
   * A read of the body that failed mid-stream, as this protocol reports it. Absent: the reader
   * of the stream reports it (the server: the provider broke off its answer).
   */
  failure?(error: unknown): GatewayError;
}

/** IR events → the client's wire text, one event at a time. */
export interface StreamEncoder {
  contentType: string;
  /** One event → the text it makes ("" when none). Events after `done` are ignored. */
  push(event: IrStreamEvent): string;
  /**
   * The events stopped before a terminal one, because of `error` or (none) because they just
   * ended. Returns the protocol's closing text (its error frame); "" once `done`.
   */
  end(error?: GatewayError): string;
  /** True once the terminal frame (finish or error) has been written. */
  readonly done: boolean;
}

/** The async-generator form of a decoder, for `Adapter.decodeStream`. */
export async function* decodeWith(
  messages: AsyncIterable<SseMessage>,
  decoder: StreamDecoder,
): AsyncGenerator<IrStreamEvent> {
  const out: IrStreamEvent[] = [];
  try {
    for await (const message of messages) {
      const complete = decoder.push(message, out);
      // A loop, not `yield*` over an array: that goes through an async-from-sync iterator per item.
      for (let i = 0; i < out.length; i++) yield out[i];
      out.length = 0;
      if (complete) break;
    }
  } catch (error) {
    if (!decoder.failure) throw error;
    yield { type: "error", error: decoder.failure(error) };
    return;
  }
  decoder.end(out);
  for (let i = 0; i < out.length; i++) yield out[i];
}

/** The async-generator form of an encoder, for `Entry.encodeStream`'s `chunks`. */
export async function* encodeWith(
  events: AsyncIterable<IrStreamEvent>,
  encoder: StreamEncoder,
): AsyncGenerator<string> {
  try {
    for await (const event of events) {
      const text = encoder.push(event);
      if (text !== "") yield text;
      if (encoder.done) return;
    }
  } catch (error) {
    const text = encoder.end(toGatewayError(error));
    if (text !== "") yield text;
    return;
  }
  const text = encoder.end();
  if (text !== "") yield text;
}
