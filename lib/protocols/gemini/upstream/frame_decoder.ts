/**
 * Gemini response frames → IR stream events. One decoder serves both the SSE stream (a frame per
 * `data:` line) and the non-streaming body (one frame), so the two cannot disagree.
 *
 * Gemini never streams a function call in pieces: each `functionCall` part is a whole block
 * (start, one input delta, stop). Consecutive text parts extend one text block and consecutive
 * thought parts one thinking block; a `thoughtSignature` stays on the block of the part that
 * carried it, stamped with this hop's origin so it is replayed only here.
 *
 * @module
 */
import type { AdapterContext } from "../../adapter.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import type { Usage } from "../../../ir/usage.ts";
import { GatewayError } from "../../../ir/error.ts";
import { decodeGeminiFinishReason } from "../stop_reason.ts";
import { decodeGeminiUsage } from "../usage.ts";
import type { GeminiPart, GeminiResponse } from "../wire.ts";

export interface GeminiFrameDecoder {
  push(frame: GeminiResponse): IrStreamEvent[];
  /** Closes the open block and emits `finish`, or `error` when no frame said it finished. */
  end(): IrStreamEvent[];
}

export function geminiFrameDecoder(ctx: AdapterContext): GeminiFrameDecoder {
  let started = false;
  let index = -1;
  let open: { kind: "text" | "thinking"; signed: boolean } | undefined;
  let sawToolCall = false;
  let finishRaw: string | undefined;
  let blockReason: string | undefined;
  let usage: Partial<Usage> | undefined;

  const close = (out: IrStreamEvent[]) => {
    if (open) out.push({ type: "block_stop", index });
    open = undefined;
  };

  const openBlock = (out: IrStreamEvent[], kind: "text" | "thinking", signature?: string) => {
    close(out);
    index++;
    open = { kind, signed: signature !== undefined };
    if (kind === "thinking") {
      out.push({ type: "block_start", index, block: { type: "thinking", origin: ctx.origin } });
      if (signature) out.push({ type: "signature_delta", index, signature });
    } else {
      // Text always carries the origin: a signature may still arrive on a later part.
      const block = signature
        ? { type: "text" as const, thoughtSignature: signature, origin: ctx.origin }
        : { type: "text" as const, origin: ctx.origin };
      out.push({ type: "block_start", index, block });
    }
  };

  const textPart = (out: IrStreamEvent[], part: GeminiPart) => {
    const text = part.text ?? "";
    const signature = part.thoughtSignature || undefined;
    const kind = part.thought ? "thinking" : "text";
    if (kind === "text" && text === "" && !signature) return;
    if (open?.kind !== kind || (signature && open.signed)) openBlock(out, kind, signature);
    else if (signature) {
      out.push({ type: "signature_delta", index, signature });
      open.signed = true;
    }
    if (text === "") return;
    out.push(
      kind === "text"
        ? { type: "text_delta", index, text }
        : { type: "thinking_delta", index, text },
    );
  };

  const callPart = (out: IrStreamEvent[], part: GeminiPart) => {
    const call = part.functionCall!;
    close(out);
    index++;
    sawToolCall = true;
    const signature = part.thoughtSignature || undefined;
    out.push({
      type: "block_start",
      index,
      block: {
        type: "tool_call",
        id: typeof call.id === "string" && call.id !== "" ? call.id : ctx.newId("call_"),
        name: call.name,
        ...(signature ? { thoughtSignature: signature, origin: ctx.origin } : {}),
      },
    });
    out.push({ type: "tool_input_delta", index, json: JSON.stringify(call.args ?? {}) });
    out.push({ type: "block_stop", index });
  };

  return {
    push(frame) {
      const out: IrStreamEvent[] = [];
      if (frame.usageMetadata) usage = decodeGeminiUsage(frame.usageMetadata);
      if (!started) {
        started = true;
        out.push({
          type: "message_start",
          id: frame.responseId || ctx.newId("resp_"),
          model: frame.modelVersion || ctx.origin.model,
          ...(usage ? { usage: { inputTokens: usage.inputTokens } } : {}),
        });
      }
      const candidate = frame.candidates?.[0];
      for (const part of candidate?.content?.parts ?? []) {
        if (part.functionCall) callPart(out, part);
        else if (typeof part.text === "string") textPart(out, part);
        // inlineData / executableCode output parts have no place in an IR answer: dropped.
      }
      if (candidate?.finishReason) finishRaw = candidate.finishReason;
      if (frame.promptFeedback?.blockReason) blockReason = frame.promptFeedback.blockReason;
      return out;
    },
    end() {
      const out: IrStreamEvent[] = [];
      close(out);
      if (finishRaw) {
        out.push({ type: "finish", stop: decodeGeminiFinishReason(finishRaw, sawToolCall), usage });
      } else if (blockReason) {
        out.push({ type: "finish", stop: { reason: "refusal", raw: blockReason }, usage });
      } else {
        out.push({
          type: "error",
          error: new GatewayError({
            status: 502,
            kind: "api_error",
            message: "Gemini stream ended without a finishReason",
            upstreamProtocol: "gemini",
          }),
        });
      }
      return out;
    },
  };
}
