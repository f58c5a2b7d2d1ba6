/**
 * IR events → Anthropic Messages SSE.
 *
 * Frame order: `message_start` (real input tokens, cache fields), one `ping`, then per block
 * `content_block_start` → deltas → `content_block_stop` with indexes 0, 1, 2 …, then
 * `message_delta` (stop reason, cumulative usage) and `message_stop`. Every frame carries an
 * `event:` line naming its type, which Anthropic SDKs dispatch on. An IR error, a thrown
 * failure, or a stream that ends without finishing becomes `event: error` and nothing follows:
 * never a clean-looking end.
 *
 * @module
 */
import type { BlockStart, IrStreamEvent } from "../../../ir/events.ts";
import type { Origin } from "../../../ir/content.ts";
import { streamEndedEarly, toGatewayError } from "../../../ir/error.ts";
import { sealArtifact } from "../../../ir/artifacts.ts";
import { sequentialBlocks } from "../../../ir/sequential_blocks.ts";
import { mergeUsage, type Usage, ZERO_USAGE } from "../../../ir/usage.ts";
import { sseFrame } from "../../../streaming/sse_encode.ts";
import type { EntryContext, StreamEncoding } from "../../entry.ts";
import { encodeAnthropicUsage } from "../usage.ts";
import { encodeAnthropicErrorBody } from "./encode_error.ts";
import { anthropicStopReason, anthropicStopSequence } from "../stop_reason.ts";
import { type PartSide, partSignatureBlock } from "./part_signature.ts";

export function encodeAnthropicStream(
  events: AsyncIterable<IrStreamEvent>,
  ctx: EntryContext,
): StreamEncoding {
  return {
    contentType: "text/event-stream",
    chunks: anthropicFrames(sequentialBlocks(events), ctx),
  };
}

interface OpenBlock {
  wire: number;
  kind: BlockStart["type"];
  origin?: Origin;
  /** A thinking block's first signature piece is sealed; later pieces extend it as is. */
  signed: boolean;
  /** A part signature that arrived after the part started (Gemini streams it at the end). */
  lateSignature: string;
}

function frame(data: { type: string; [key: string]: unknown }): string {
  return sseFrame(data, data.type);
}

async function* anthropicFrames(
  events: AsyncIterable<IrStreamEvent>,
  ctx: EntryContext,
): AsyncGenerator<string> {
  let usage: Usage = ZERO_USAGE;
  let started = false;
  let nextIndex = 0;
  let toolUse = false;
  const open = new Map<number, OpenBlock>();

  function* messageStart(): Generator<string> {
    started = true;
    yield frame({
      type: "message_start",
      message: {
        id: ctx.responseId,
        type: "message",
        role: "assistant",
        model: ctx.clientModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: encodeAnthropicUsage(usage),
      },
    });
    yield frame({ type: "ping" });
  }

  function* partSignature(signature: string, origin: Origin | undefined, side: PartSide) {
    const index = nextIndex++;
    const block = partSignatureBlock(signature, origin, side);
    yield frame({
      type: "content_block_start",
      index,
      content_block: { type: "thinking", thinking: "", signature: "" },
    });
    yield frame({
      type: "content_block_delta",
      index,
      delta: { type: "signature_delta", signature: block.signature },
    });
    yield frame({ type: "content_block_stop", index });
  }

  function* blockStart(index: number, block: BlockStart): Generator<string> {
    if ((block.type === "text" || block.type === "tool_call") && block.thoughtSignature) {
      yield* partSignature(block.thoughtSignature, block.origin, "next");
    }
    const wire = nextIndex++;
    open.set(index, {
      wire,
      kind: block.type,
      origin: block.origin,
      signed: false,
      lateSignature: "",
    });
    if (block.type === "tool_call") toolUse = true;
    yield frame({ type: "content_block_start", index: wire, content_block: startBlock(block) });
  }

  function delta(index: number, value: Record<string, unknown>): string | undefined {
    const block = open.get(index);
    if (!block) return undefined;
    return frame({ type: "content_block_delta", index: block.wire, delta: value });
  }

  try {
    for await (const event of events) {
      if (!started && event.type !== "message_start" && event.type !== "error") {
        yield* messageStart();
      }
      switch (event.type) {
        case "message_start":
          if (started) break;
          usage = mergeUsage(usage, event.usage);
          yield* messageStart();
          break;
        case "block_start":
          yield* blockStart(event.index, event.block);
          break;
        case "text_delta": {
          const out = delta(event.index, { type: "text_delta", text: event.text });
          if (out) yield out;
          break;
        }
        case "thinking_delta": {
          const out = delta(event.index, { type: "thinking_delta", thinking: event.text });
          if (out) yield out;
          break;
        }
        case "tool_input_delta": {
          const out = delta(event.index, { type: "input_json_delta", partial_json: event.json });
          if (out) yield out;
          break;
        }
        case "signature_delta": {
          const block = open.get(event.index);
          if (!block) break;
          if (block.kind !== "thinking") {
            block.lateSignature += event.signature;
            break;
          }
          const piece = block.signed
            ? event.signature
            : sealArtifact(event.signature, block.origin, "anthropic");
          block.signed = true;
          yield delta(event.index, { type: "signature_delta", signature: piece })!;
          break;
        }
        case "block_stop": {
          const block = open.get(event.index);
          if (!block) break;
          open.delete(event.index);
          yield frame({ type: "content_block_stop", index: block.wire });
          if (block.lateSignature) yield* partSignature(block.lateSignature, block.origin, "prev");
          break;
        }
        case "usage":
          usage = mergeUsage(usage, event.usage);
          break;
        case "finish": {
          usage = mergeUsage(usage, event.usage);
          const reason = anthropicStopReason(event.stop, toolUse);
          yield frame({
            type: "message_delta",
            delta: {
              stop_reason: reason,
              stop_sequence: anthropicStopSequence(event.stop, reason),
            },
            usage: encodeAnthropicUsage(usage),
          });
          yield frame({ type: "message_stop" });
          return;
        }
        case "error":
          yield frame(encodeAnthropicErrorBody(event.error));
          return;
        default:
          event satisfies never;
      }
    }
  } catch (error) {
    yield frame(encodeAnthropicErrorBody(toGatewayError(error)));
    return;
  }
  yield frame(encodeAnthropicErrorBody(streamEndedEarly()));
}

function startBlock(block: BlockStart): Record<string, unknown> {
  switch (block.type) {
    case "text":
      return { type: "text", text: "" };
    case "thinking":
      return { type: "thinking", thinking: "", signature: "" };
    case "redacted_thinking":
      return {
        type: "redacted_thinking",
        data: sealArtifact(block.data, block.origin, "anthropic"),
      };
    case "tool_call":
      return { type: "tool_use", id: block.id, name: block.name, input: {} };
  }
}
