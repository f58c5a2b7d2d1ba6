/**
 * IR stream → Responses SSE: `response.created`, `response.in_progress`, per item
 * `output_item.added` … `output_item.done`, then exactly one terminal `response.completed`,
 * `response.incomplete` or `response.failed`. Never `[DONE]`. Codex treats a stream that closes
 * without a terminal event as broken and retries it, so every way out ends with one.
 *
 * @module
 */
import { streamEndedEarly } from "../../../ir/error.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import { sequentialBlocker } from "../../../ir/sequential_blocks.ts";
import type { EntryContext, StreamEncoding } from "../../entry.ts";
import { encodeWith, type StreamEncoder } from "../../stream_codec.ts";
import { ResponsesStreamWriter } from "./stream_writer.ts";

export function encodeResponsesStream(
  events: AsyncIterable<IrStreamEvent>,
  ctx: EntryContext,
): StreamEncoding {
  return {
    contentType: "text/event-stream",
    chunks: encodeWith(events, responsesStreamEncoder(ctx)),
  };
}

/** The synchronous core: one IR event → its Responses frames. */
export function responsesStreamEncoder(ctx: EntryContext): StreamEncoder {
  const writer = new ResponsesStreamWriter(ctx);
  const blocks = sequentialBlocker();
  const ready: IrStreamEvent[] = [];
  /** The events the blocks let through, until the terminal one; then the frames queued. */
  const drain = (): string => {
    for (let i = 0; i < ready.length && !writer.done; i++) writer.handle(ready[i]);
    ready.length = 0;
    return writtenText(writer);
  };
  return {
    contentType: "text/event-stream",
    get done() {
      return writer.done;
    },
    push(event) {
      if (writer.done) return "";
      blocks.push(event, ready);
      return drain();
    },
    end(error) {
      if (writer.done) return "";
      let text = "";
      if (!error) {
        blocks.end(ready);
        text = drain();
      }
      writer.fail(error ?? streamEndedEarly());
      return text + writtenText(writer);
    },
  };
}

function writtenText(writer: ResponsesStreamWriter): string {
  const frames = writer.frames;
  if (frames.length === 0) return "";
  const text = frames.length === 1 ? frames[0] : frames.join("");
  frames.length = 0;
  return text;
}
