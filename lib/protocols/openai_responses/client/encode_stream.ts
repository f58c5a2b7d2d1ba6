/**
 * IR stream → Responses SSE: `response.created`, `response.in_progress`, per item
 * `output_item.added` … `output_item.done`, then exactly one terminal `response.completed`,
 * `response.incomplete` or `response.failed`. Never `[DONE]`. Codex treats a stream that closes
 * without a terminal event as broken and retries it, so every way out ends with one.
 *
 * @module
 */
import { streamEndedEarly, toGatewayError } from "../../../ir/error.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import { sequentialBlocks } from "../../../ir/sequential_blocks.ts";
import type { EntryContext, StreamEncoding } from "../../entry.ts";
import { ResponsesStreamWriter } from "./stream_writer.ts";

export function encodeResponsesStream(
  events: AsyncIterable<IrStreamEvent>,
  ctx: EntryContext,
): StreamEncoding {
  return { contentType: "text/event-stream", chunks: responsesFrames(events, ctx) };
}

async function* responsesFrames(
  events: AsyncIterable<IrStreamEvent>,
  ctx: EntryContext,
): AsyncGenerator<string> {
  const writer = new ResponsesStreamWriter(ctx);
  try {
    for await (const event of sequentialBlocks(events)) {
      writer.handle(event);
      yield* writer.frames.splice(0);
      if (writer.done) return;
    }
    writer.fail(streamEndedEarly());
  } catch (error) {
    writer.fail(toGatewayError(error));
  }
  yield* writer.frames.splice(0);
}
