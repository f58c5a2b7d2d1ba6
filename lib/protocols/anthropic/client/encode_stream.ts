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
import { streamEndedEarly } from "../../../ir/error.ts";
import { sealArtifact } from "../../../ir/artifacts.ts";
import { sequentialBlocker } from "../../../ir/sequential_blocks.ts";
import { mergeUsage, type Usage, ZERO_USAGE } from "../../../ir/usage.ts";
import { sseFrame } from "../../../streaming/sse_encode.ts";
import type { EntryContext, StreamEncoding } from "../../entry.ts";
import { encodeWith, type StreamEncoder } from "../../stream_codec.ts";
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
    chunks: encodeWith(events, anthropicStreamEncoder(ctx)),
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

/** The synchronous core: one IR event → its Anthropic frames. */
export function anthropicStreamEncoder(ctx: EntryContext): StreamEncoder {
  const blocks = sequentialBlocker();
  const ready: IrStreamEvent[] = [];
  let usage: Usage = ZERO_USAGE;
  let started = false;
  let done = false;
  let nextIndex = 0;
  let toolUse = false;
  const open = new Map<number, OpenBlock>();

  function messageStart(): string {
    started = true;
    return frame({
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
    }) + PING;
  }

  function partSignature(signature: string, origin: Origin | undefined, side: PartSide): string {
    const index = nextIndex++;
    const block = partSignatureBlock(signature, origin, side);
    return frame({
      type: "content_block_start",
      index,
      content_block: { type: "thinking", thinking: "", signature: "" },
    }) +
      frame({
        type: "content_block_delta",
        index,
        delta: { type: "signature_delta", signature: block.signature },
      }) +
      frame({ type: "content_block_stop", index });
  }

  function blockStart(index: number, block: BlockStart): string {
    let text = "";
    if ((block.type === "text" || block.type === "tool_call") && block.thoughtSignature) {
      text += partSignature(block.thoughtSignature, block.origin, "next");
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
    return text +
      frame({ type: "content_block_start", index: wire, content_block: startBlock(block) });
  }

  function delta(index: number, value: Record<string, unknown>): string {
    const block = open.get(index);
    if (!block) return "";
    return frame({ type: "content_block_delta", index: block.wire, delta: value });
  }

  function signature(index: number, piece: string): string {
    const block = open.get(index);
    if (!block) return "";
    if (block.kind !== "thinking") {
      block.lateSignature += piece;
      return "";
    }
    const sealed = block.signed ? piece : sealArtifact(piece, block.origin, "anthropic");
    block.signed = true;
    return delta(index, { type: "signature_delta", signature: sealed });
  }

  function blockStop(index: number): string {
    const block = open.get(index);
    if (!block) return "";
    open.delete(index);
    const text = frame({ type: "content_block_stop", index: block.wire });
    return block.lateSignature
      ? text + partSignature(block.lateSignature, block.origin, "prev")
      : text;
  }

  function finish(event: Extract<IrStreamEvent, { type: "finish" }>): string {
    done = true;
    usage = mergeUsage(usage, event.usage);
    const reason = anthropicStopReason(event.stop, toolUse);
    return frame({
      type: "message_delta",
      delta: { stop_reason: reason, stop_sequence: anthropicStopSequence(event.stop, reason) },
      usage: encodeAnthropicUsage(usage),
    }) + frame({ type: "message_stop" });
  }

  /** One event already in sequential order. */
  function handle(event: IrStreamEvent): string {
    let text = "";
    if (!started && event.type !== "message_start" && event.type !== "error") {
      text = messageStart();
    }
    switch (event.type) {
      case "message_start":
        if (started) return text;
        usage = mergeUsage(usage, event.usage);
        return messageStart();
      case "block_start":
        return text + blockStart(event.index, event.block);
      case "text_delta":
        return text + delta(event.index, { type: "text_delta", text: event.text });
      case "thinking_delta":
        return text + delta(event.index, { type: "thinking_delta", thinking: event.text });
      case "tool_input_delta":
        return text + delta(event.index, { type: "input_json_delta", partial_json: event.json });
      case "signature_delta":
        return text + signature(event.index, event.signature);
      case "block_stop":
        return text + blockStop(event.index);
      case "usage":
        usage = mergeUsage(usage, event.usage);
        return text;
      case "finish":
        return text + finish(event);
      case "error":
        done = true;
        return frame(encodeAnthropicErrorBody(event.error));
      default:
        event satisfies never;
        return text;
    }
  }

  /** Events the blocks let through, until the terminal one. */
  function drain(): string {
    let text = "";
    for (let i = 0; i < ready.length && !done; i++) text += handle(ready[i]);
    ready.length = 0;
    return text;
  }

  return {
    contentType: "text/event-stream",
    get done() {
      return done;
    },
    push(event) {
      if (done) return "";
      blocks.push(event, ready);
      return drain();
    },
    end(error) {
      if (done) return "";
      let text = "";
      if (!error) {
        blocks.end(ready);
        text = drain();
        if (done) return text;
      }
      done = true;
      return text + frame(encodeAnthropicErrorBody(error ?? streamEndedEarly()));
    },
  };
}

const PING = sseFrame({ type: "ping" }, "ping");

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
