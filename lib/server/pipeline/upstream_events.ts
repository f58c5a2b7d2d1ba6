/**
 * An upstream SSE body decoded to IR events one network read at a time: every frame the read
 * completed goes through the protocol's synchronous decoder in one turn, so a read of twenty
 * frames costs one await, not twenty promise turns per stage.
 *
 * @module
 */
import type { IrStreamEvent } from "../../ir/events.ts";
import type { StreamDecoder } from "../../protocols/stream_codec.ts";
import type { SseBatches } from "../../streaming/frame_relay.ts";

export interface UpstreamEvents {
  /**
   * The events of the next read (perhaps none), or undefined once the stream is over. Throws
   * when a read fails and the protocol leaves the report to the reader (`StreamDecoder.failure`),
   * or when a frame is not the protocol's.
   */
  next(): Promise<IrStreamEvent[] | undefined>;
}

export function upstreamEvents(frames: SseBatches, decoder: StreamDecoder): UpstreamEvents {
  let over = false;
  /** A frame that failed after others of its read decoded: thrown once those are out. */
  let broken: { error: unknown } | undefined;
  /** Nothing more is read: the body is left, as leaving a `for await` over it would. */
  const finish = (out: IrStreamEvent[]) => {
    over = true;
    frames.cancel();
    decoder.end(out);
  };
  return {
    async next() {
      if (broken) {
        const { error } = broken;
        broken = undefined;
        throw error;
      }
      if (over) return undefined;
      let messages;
      try {
        messages = await frames.next();
      } catch (error) {
        over = true;
        if (!decoder.failure) throw error;
        return [{ type: "error", error: decoder.failure(error) }];
      }
      const out: IrStreamEvent[] = [];
      if (messages === undefined) {
        finish(out);
        return out;
      }
      for (let i = 0; i < messages.length; i++) {
        let complete: boolean;
        try {
          complete = decoder.push(messages[i], out);
        } catch (error) {
          over = true;
          frames.cancel();
          if (out.length === 0) throw error;
          broken = { error };
          break;
        }
        if (complete) {
          finish(out);
          break;
        }
      }
      return out;
    },
  };
}
