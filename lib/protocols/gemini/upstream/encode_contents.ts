/**
 * IR messages → Gemini `contents`.
 *
 * Roles become `user` / `model`; a system message in the middle of the conversation is folded
 * into the user turn as plain text (Gemini has only the leading `systemInstruction`).
 * Consecutive turns of the same role are merged, since Gemini wants them alternating.
 * Tool results become `functionResponse` parts (`{output}` or `{error}`), with their images as
 * `inlineData` parts right after. On Gemini 3 every model turn whose function calls carry no
 * signature gets Google's documented `skip_thought_signature_validator` on its first call.
 *
 * @module
 */
import type { ContentBlock, MediaSource, Message, ToolResultBlock } from "../../../ir/content.ts";
import { invalidRequest } from "../../../ir/error.ts";
import { type GeminiContent, type GeminiPart, SKIP_SIGNATURE } from "../wire.ts";

export function encodeGeminiContents(messages: Message[], model: string): GeminiContent[] {
  const callNames = new Map<string, string>();
  for (const m of messages) {
    for (const b of m.content) if (b.type === "tool_call") callNames.set(b.id, b.name);
  }
  const contents: GeminiContent[] = [];
  messages.forEach((message, i) => {
    const role = message.role === "assistant" ? "model" : "user";
    const parts = message.content.flatMap((block, j) =>
      encodePart(block, callNames, `messages[${i}].content[${j}]`)
    );
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  });
  if (needsSignatureStandIn(model)) {
    for (const content of contents) if (content.role === "model") addStandInSignature(content);
  }
  return contents;
}

/** A block's parts, with the fields a Gemini client sent that the IR does not model added back. */
function encodePart(
  block: ContentBlock,
  callNames: Map<string, string>,
  where: string,
): GeminiPart[] {
  const parts = encodeKnownPart(block, callNames, where);
  const extra = block.type === "opaque" ? undefined : block.extensions?.gemini;
  if (!extra || parts.length === 0) return parts;
  return [{ ...extra, ...parts[0] } as GeminiPart, ...parts.slice(1)];
}

function encodeKnownPart(
  block: ContentBlock,
  callNames: Map<string, string>,
  where: string,
): GeminiPart[] {
  switch (block.type) {
    case "text":
      if (block.text === "" && !block.thoughtSignature) return [];
      return [withSignature({ text: block.text }, block.thoughtSignature)];
    case "image":
    case "document":
      return [
        mediaPart(block.source, block.type === "image" ? "image/jpeg" : "application/pdf", where),
      ];
    case "tool_call":
      return [
        withSignature(
          { functionCall: { id: block.id, name: block.name, args: block.input } },
          block.thoughtSignature,
        ),
      ];
    case "tool_result":
      return toolResultParts(block, callNames, where);
    case "thinking":
      // Only Gemini's own thoughts go back (the server already dropped foreign ones).
      if (block.origin?.protocol !== "gemini") return [];
      return [withSignature({ text: block.text, thought: true }, block.signature)];
    case "redacted_thinking":
      return [];
    case "opaque":
      // A part kind the gateway does not know, from a Gemini client: verbatim.
      return block.protocol === "gemini" ? [block.raw as GeminiPart] : [];
    default:
      block satisfies never;
      return [];
  }
}

function toolResultParts(
  block: ToolResultBlock,
  callNames: Map<string, string>,
  where: string,
): GeminiPart[] {
  const name = block.name ?? callNames.get(block.callId);
  if (!name) {
    throw invalidRequest(
      `${where}: tool result ${block.callId} answers no tool call, and Gemini needs the function name`,
    );
  }
  const text = block.content.filter((c) => c.type === "text").map((c) => c.text).join("\n");
  const media = block.content.flatMap((c) =>
    c.type === "image" || c.type === "document"
      ? [mediaPart(c.source, c.type === "image" ? "image/jpeg" : "application/pdf", where)]
      : []
  );
  return [
    {
      functionResponse: {
        id: block.callId,
        name,
        response: block.isError ? { error: text } : { output: text },
      },
    },
    ...media,
  ];
}

function mediaPart(source: MediaSource, fallbackType: string, where: string): GeminiPart {
  switch (source.kind) {
    case "base64":
      return { inlineData: { mimeType: source.mediaType, data: source.data } };
    case "url":
      return { fileData: { mimeType: source.mediaType ?? fallbackType, fileUri: source.url } };
    case "file":
      throw invalidRequest(`${where}: file ids are not supported by Gemini upstreams`);
    default:
      source satisfies never;
      throw invalidRequest(`${where}: unknown media source`);
  }
}

function withSignature(part: GeminiPart, signature: string | undefined): GeminiPart {
  return signature ? { ...part, thoughtSignature: signature } : part;
}

/** Gemini 3 and later validate function-call signatures; 1.x / 2.x ignore them. */
function needsSignatureStandIn(model: string): boolean {
  const major = /gemini-(\d+)/i.exec(model)?.[1];
  return major === undefined || Number(major) >= 3;
}

function addStandInSignature(content: GeminiContent): void {
  const calls = content.parts.filter((p) => p.functionCall);
  if (calls.length === 0 || calls.some((p) => p.thoughtSignature)) return;
  calls[0].thoughtSignature = SKIP_SIGNATURE;
}
