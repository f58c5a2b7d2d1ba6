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
import { encodeWith, type StreamEncoder } from "../../stream_codec.ts";
import type { Origin } from "../../../ir/content.ts";
import { sealArtifact } from "../../../ir/artifacts.ts";
import { upstreamToolArguments } from "../../../json/parse_json_object.ts";
import { type GatewayError, streamEndedEarly, toGatewayError } from "../../../ir/error.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import { sequentialBlocker } from "../../../ir/sequential_blocks.ts";
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
  const encoder = geminiStreamEncoder(ctx);
  return { contentType: encoder.contentType, chunks: encodeWith(events, encoder) };
}

/**
 * The synchronous core: one IR event → its Gemini frames as text, SSE frames (`?alt=sse`) or
 * elements of one JSON array.
 */
export function geminiStreamEncoder(ctx: EntryContext): StreamEncoder {
  const sse = (ctx.wire as Partial<GeminiWire>).sse === true;
  const frames = geminiFrameEncoder(ctx);
  const out: GeminiFrame[] = [];
  let first = true;
  const text = (): string => {
    let text = "";
    for (const frame of out) {
      if (sse) text += sseFrame(frame);
      else {
        text += (first ? "[" : ",\r\n") + JSON.stringify(frame);
        first = false;
      }
    }
    out.length = 0;
    if (frames.done && !sse) text += first ? "[]" : "]";
    return text;
  };
  return {
    contentType: sse ? "text/event-stream" : "application/json",
    get done() {
      return frames.done;
    },
    push(event) {
      if (frames.done) return "";
      frames.push(event, out);
      return text();
    },
    end(error) {
      if (frames.done) return "";
      frames.end(out, error);
      return text();
    },
  };
}

/** The async-generator form of `geminiFrameEncoder`: the frames as objects. */
export async function* geminiFrames(
  events: AsyncIterable<IrStreamEvent>,
  ctx: EntryContext,
): AsyncGenerator<GeminiFrame> {
  const frames = geminiFrameEncoder(ctx);
  const out: GeminiFrame[] = [];
  try {
    for await (const event of events) {
      frames.push(event, out);
      yield* out.splice(0);
      if (frames.done) return;
    }
    frames.end(out);
  } catch (error) {
    frames.end(out, toGatewayError(error));
  }
  yield* out.splice(0);
}

type GeminiFrame = GeminiResponse | GeminiErrorBody;

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

/**
 * IR events → whole `GenerateContentResponse` frames. The latest frame is held back one event,
 * so the last one can carry `finishReason` and usage along with its parts.
 */
function geminiFrameEncoder(ctx: EntryContext) {
  let held: GeminiPart[] | undefined;
  let usage: Usage = ZERO_USAGE;
  let done = false;
  const blocks = new Map<number, BlockState>();
  const sequential = sequentialBlocker();
  const ready: IrStreamEvent[] = [];

  const handle = (event: IrStreamEvent, out: GeminiFrame[]) => {
    if (event.type === "finish") {
      usage = mergeUsage(usage, event.usage);
      out.push(responseFrame(held ?? [], ctx, { stop: event.stop, usage }));
      done = true;
      return;
    }
    if (event.type === "error") return fail(event.error, out);
    if (event.type === "message_start" || event.type === "usage") {
      usage = mergeUsage(usage, event.usage);
      return;
    }
    const parts = eventParts(event, blocks, ctx);
    if (parts.length === 0) return;
    if (held) out.push(responseFrame(held, ctx));
    held = parts;
  };

  const fail = (error: GatewayError, out: GeminiFrame[]) => {
    if (held) out.push(responseFrame(held, ctx));
    out.push(geminiErrorBody(error));
    done = true;
  };

  const drain = (out: GeminiFrame[]) => {
    for (let i = 0; i < ready.length && !done; i++) handle(ready[i], out);
    ready.length = 0;
  };

  return {
    get done() {
      return done;
    },
    push(event: IrStreamEvent, out: GeminiFrame[]) {
      if (done) return;
      sequential.push(event, ready);
      drain(out);
    },
    /** The events stopped before finishing: `error`, or none (they ended early). */
    end(out: GeminiFrame[], error?: GatewayError) {
      if (done) return;
      if (!error) {
        sequential.end(ready);
        drain(out);
        if (done) return;
      }
      fail(error ?? streamEndedEarly(), out);
    },
  };
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
