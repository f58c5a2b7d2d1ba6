/**
 * IR stream → Gemini `streamGenerateContent`: SSE frames (`?alt=sse`) or one JSON array sent
 * element by element.
 *
 * Every frame is a whole `GenerateContentResponse` holding only the new parts. Gemini never
 * streams a function call in pieces, so a call goes out whole when its block stops. The most
 * recent frame is held back one step so the final frame carries content together with
 * `finishReason` and `usageMetadata`, as Gemini's own streams do (Gemini CLI treats a final
 * frame without parts as suspect). A failure becomes a last `{error:{…}}` element, which
 * `@google/genai` raises as an `ApiError`; a stream that stops without finishing is such a
 * failure too, never a silent success.
 *
 * @module
 */
import type { EntryContext, StreamEncoding } from "../../entry.ts";
import type { Origin } from "../../../ir/content.ts";
import { sealArtifact } from "../../../ir/artifacts.ts";
import { upstreamToolArguments } from "../../../json/parse_json_object.ts";
import { streamEndedEarly, toGatewayError } from "../../../ir/error.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import { sequentialBlocks } from "../../../ir/sequential_blocks.ts";
import { mergeUsage, type Usage, ZERO_USAGE } from "../../../ir/usage.ts";
import { sseFrame } from "../../../streaming/sse_encode.ts";
import type { GeminiErrorBody, GeminiPart, GeminiResponse } from "../wire.ts";
import type { GeminiWire } from "./decode_request.ts";
import { includeThoughts, responseFrame } from "./encode_response.ts";
import { geminiErrorBody } from "./encode_error.ts";

export function encodeGeminiStream(
  events: AsyncIterable<IrStreamEvent>,
  ctx: EntryContext,
): StreamEncoding {
  const sse = (ctx.wire as Partial<GeminiWire>).sse === true;
  return {
    contentType: sse ? "text/event-stream" : "application/json",
    chunks: sse ? sseText(geminiFrames(events, ctx)) : jsonArrayText(geminiFrames(events, ctx)),
  };
}

async function* sseText(frames: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const frame of frames) yield sseFrame(frame);
}

async function* jsonArrayText(frames: AsyncIterable<unknown>): AsyncGenerator<string> {
  let first = true;
  for await (const frame of frames) {
    yield (first ? "[" : ",\r\n") + JSON.stringify(frame);
    first = false;
  }
  yield first ? "[]" : "]";
}

interface BlockState {
  kind: "text" | "thinking" | "tool_call" | "other";
  /** Raw signature and its origin; sealed when it goes out. */
  signature: string;
  origin?: Origin;
  /** Text already streamed (text blocks) or held (unshown thoughts); tool input JSON. */
  sent: boolean;
  buffer: string;
  id?: string;
  name?: string;
}

export async function* geminiFrames(
  events: AsyncIterable<IrStreamEvent>,
  ctx: EntryContext,
): AsyncGenerator<GeminiResponse | GeminiErrorBody> {
  let held: GeminiPart[] | undefined;
  let usage: Usage = ZERO_USAGE;
  const blocks = new Map<number, BlockState>();
  try {
    for await (const event of sequentialBlocks(events)) {
      if (event.type === "finish") {
        usage = mergeUsage(usage, event.usage);
        yield responseFrame(held ?? [], ctx, { stop: event.stop, usage });
        return;
      }
      if (event.type === "error") {
        if (held) yield responseFrame(held, ctx);
        yield geminiErrorBody(event.error);
        return;
      }
      if (event.type === "message_start" || event.type === "usage") {
        usage = mergeUsage(usage, event.usage);
        continue;
      }
      const parts = eventParts(event, blocks, ctx);
      if (parts.length === 0) continue;
      if (held) yield responseFrame(held, ctx);
      held = parts;
    }
    throw streamEndedEarly();
  } catch (error) {
    if (held) yield responseFrame(held, ctx);
    yield geminiErrorBody(toGatewayError(error));
  }
}

type BlockEvent = Extract<IrStreamEvent, { index: number }>;

function eventParts(
  event: BlockEvent,
  blocks: Map<number, BlockState>,
  ctx: EntryContext,
): GeminiPart[] {
  if (event.type === "block_start") {
    const b = event.block;
    const kind = b.type === "redacted_thinking" ? "other" : b.type;
    const signature = b.type === "text" || b.type === "tool_call" ? b.thoughtSignature ?? "" : "";
    blocks.set(event.index, {
      kind,
      signature,
      origin: "origin" in b ? b.origin : undefined,
      sent: false,
      buffer: "",
      ...(b.type === "tool_call" ? { id: b.id, name: b.name } : {}),
    });
    return [];
  }
  const block = blocks.get(event.index);
  if (!block) return [];
  const seal = () => block.signature ? sealArtifact(block.signature, block.origin, "gemini") : "";
  switch (event.type) {
    case "text_delta": {
      const part: GeminiPart = { text: event.text };
      // A signature known at block start rides on the block's first part.
      if (!block.sent && block.signature) part.thoughtSignature = seal();
      if (!block.sent && block.signature) block.signature = "";
      block.sent = true;
      return [part];
    }
    case "thinking_delta":
      if (!includeThoughts(ctx)) {
        block.buffer += event.text;
        return [];
      }
      return [{ text: event.text, thought: true }];
    case "signature_delta":
      block.signature += event.signature;
      return [];
    case "tool_input_delta":
      block.buffer += event.json;
      return [];
    case "block_stop":
      blocks.delete(event.index);
      return stopParts(block, seal());
    default:
      event satisfies never;
      return [];
  }
}

function stopParts(block: BlockState, signature: string): GeminiPart[] {
  switch (block.kind) {
    case "text":
      return signature ? [{ text: "", thoughtSignature: signature }] : [];
    case "thinking":
      // Unshown thoughts still go out when signed: the issuer checks text and signature together.
      return signature ? [{ text: block.buffer, thought: true, thoughtSignature: signature }] : [];
    case "tool_call": {
      const part: GeminiPart = {
        functionCall: {
          id: block.id,
          name: block.name!,
          args: upstreamToolArguments(block.buffer),
        },
      };
      if (signature) part.thoughtSignature = signature;
      return [part];
    }
    case "other":
      return [];
  }
}
