/**
 * IR response → Gemini `GenerateContentResponse`.
 *
 * Signatures go out through `sealArtifact`: byte-exact when a Gemini upstream minted them,
 * sealed with their origin otherwise, so the replayed value finds its way back to its issuer.
 * Thought text is shown only when the client asked (`includeThoughts`) — except that a signed
 * thought keeps its text, because the issuer verifies signature and text together.
 * Anthropic `redacted_thinking` has no Gemini form and is dropped.
 *
 * @module
 */
import type { EntryContext } from "../../entry.ts";
import type { ContentBlock, Origin } from "../../../ir/content.ts";
import { sealArtifact } from "../../../ir/artifacts.ts";
import type { IrResponse } from "../../../ir/response.ts";
import type { StopInfo } from "../../../ir/stop.ts";
import type { Usage } from "../../../ir/usage.ts";
import { encodeGeminiFinishReason } from "../stop_reason.ts";
import { encodeGeminiUsage } from "../usage.ts";
import type { GeminiCandidate, GeminiPart, GeminiResponse } from "../wire.ts";
import type { GeminiWire } from "./decode_request.ts";

export function encodeGeminiResponse(response: IrResponse, ctx: EntryContext): GeminiResponse {
  const parts = response.content.flatMap((block) => blockParts(block, ctx));
  return responseFrame(parts, ctx, { stop: response.stop, usage: response.usage });
}

/** One `GenerateContentResponse`; the last one of a stream carries finishReason and usage. */
export function responseFrame(
  parts: GeminiPart[],
  ctx: EntryContext,
  end?: { stop: StopInfo; usage: Usage },
): GeminiResponse {
  const candidate: GeminiCandidate = { content: { role: "model", parts } };
  if (end) {
    candidate.finishReason = encodeGeminiFinishReason(end.stop, ctx.upstreamProtocol === "gemini");
  }
  candidate.index = 0;
  const frame: GeminiResponse = { candidates: [candidate] };
  if (end) frame.usageMetadata = encodeGeminiUsage(end.usage);
  frame.modelVersion = ctx.clientModel;
  frame.responseId = ctx.responseId;
  return frame;
}

export function blockParts(block: ContentBlock, ctx: EntryContext): GeminiPart[] {
  const seal = (sig: string | undefined, origin: Origin | undefined) =>
    sig ? sealArtifact(sig, origin, "gemini") : undefined;
  switch (block.type) {
    case "text": {
      const signature = seal(block.thoughtSignature, block.origin);
      if (block.text === "" && !signature) return [];
      return [signature ? { text: block.text, thoughtSignature: signature } : { text: block.text }];
    }
    case "thinking": {
      const signature = seal(block.signature, block.origin);
      if (!signature && !includeThoughts(ctx)) return [];
      const part: GeminiPart = { text: block.text, thought: true };
      if (signature) part.thoughtSignature = signature;
      return [part];
    }
    case "tool_call": {
      const part: GeminiPart = {
        functionCall: { id: block.id, name: block.name, args: block.input },
      };
      const signature = seal(block.thoughtSignature, block.origin);
      if (signature) part.thoughtSignature = signature;
      return [part];
    }
    default:
      // redacted_thinking has no Gemini form; media and tool results never appear in answers.
      return [];
  }
}

export function includeThoughts(ctx: EntryContext): boolean {
  return (ctx.wire as Partial<GeminiWire>).includeThoughts === true;
}
