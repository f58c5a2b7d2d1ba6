/**
 * IR system + messages → Chat Completions `messages`.
 *
 * - The leading system blocks become one `system` message (texts joined by a blank line, which
 *   every OpenAI-compatible backend accepts; arrays of parts are not universal for `system`).
 * - User text-only content with one block is a string; anything else is an array of parts.
 * - Each tool_result becomes a `role: "tool"` message right after the assistant turn, in order.
 *   Tool messages take text only, so images and documents inside a tool result move into one
 *   user message that follows the tool messages, introduced by a short text naming the call.
 *   `is_error` has no field and is dropped.
 * - Thinking and redacted thinking are never sent: Chat Completions has no reasoning input.
 *
 * @module
 */
import type {
  ContentBlock,
  DocumentBlock,
  ImageBlock,
  Message,
  TextBlock,
  ToolCallBlock,
  ToolResultBlock,
} from "../../../ir/content.ts";
import { type TranslationWarning, warn } from "../../../ir/warnings.ts";

type Part = Record<string, unknown>;
export type ChatMessage = Record<string, unknown>;

export function encodeOpenAIMessages(
  system: TextBlock[],
  messages: Message[],
  warnings: TranslationWarning[] = [],
): ChatMessage[] {
  const out: ChatMessage[] = [];
  const systemText = joinText(system, "\n\n");
  if (systemText !== "") out.push({ role: "system", content: systemText });
  for (const message of messages) {
    switch (message.role) {
      case "system": {
        const text = joinText(message.content, "\n\n");
        if (text !== "") out.push({ role: "system", content: text });
        break;
      }
      case "user":
        out.push(...encodeUser(message.content));
        break;
      case "assistant": {
        if (message.content.some((b) => b.type === "thinking" || b.type === "redacted_thinking")) {
          warn(
            warnings,
            "thinking",
            "messages[].content[]{type: thinking}",
            "thinking blocks: Chat Completions takes no reasoning input",
          );
        }
        const assistant = encodeAssistant(message.content);
        if (assistant) out.push(assistant);
        break;
      }
      default:
        message.role satisfies never;
    }
  }
  return out;
}

function joinText(blocks: ContentBlock[], separator: string): string {
  return blocks.flatMap((b) => (b.type === "text" && b.text !== "" ? [b.text] : [])).join(
    separator,
  );
}

function encodeUser(content: ContentBlock[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  const parts: Part[] = [];
  for (const block of content) {
    if (block.type === "tool_result") {
      out.push(encodeToolResult(block));
      const media = block.content.filter((b) => b.type === "image" || b.type === "document");
      if (media.length > 0) {
        parts.push({ type: "text", text: `Attachments of tool result ${block.callId}:` });
        parts.push(...media.map(encodePart));
      }
      continue;
    }
    const part = encodeUserBlock(block);
    if (part) parts.push(part);
  }
  if (parts.length === 1 && parts[0].type === "text") {
    out.push({ role: "user", content: parts[0].text });
  } else if (parts.length > 0) out.push({ role: "user", content: parts });
  return out;
}

function encodeUserBlock(block: ContentBlock): Part | undefined {
  switch (block.type) {
    case "text":
      return block.text === "" ? undefined : { type: "text", text: block.text };
    case "image":
    case "document":
      return encodePart(block);
    case "opaque":
      // A part type the gateway does not know, from a Chat client: verbatim.
      return block.protocol === "openai" ? block.raw as unknown as Part : undefined;
    default:
      // Tool calls and thinking never belong to a user turn; tolerate and skip them.
      return undefined;
  }
}

function encodePart(block: TextBlock | ImageBlock | DocumentBlock): Part {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "image":
      return encodeImage(block);
    case "document":
      return encodeDocument(block);
  }
}

/** `image_url` takes a URL or data URL only; an uploaded-file reference cannot be expressed. */
function encodeImage(block: ImageBlock): Part {
  const source = block.source;
  if (source.kind === "file") return { type: "text", text: `[image file ${source.fileId}]` };
  const url = source.kind === "base64"
    ? `data:${source.mediaType};base64,${source.data}`
    : source.url;
  const image: Record<string, unknown> = { url };
  if (block.detail !== undefined) image.detail = block.detail;
  return { type: "image_url", image_url: image };
}

/**
 * Base64 PDFs and uploaded files become `file` parts; plain-text documents become their text
 * (`file_data` is for PDFs); a URL document becomes its link.
 */
function encodeDocument(block: DocumentBlock): Part {
  const source = block.source;
  if (source.kind === "url") {
    return { type: "text", text: block.title ? `${block.title}: ${source.url}` : source.url };
  }
  if (source.kind === "base64" && source.mediaType.startsWith("text/")) {
    const bytes = Uint8Array.from(atob(source.data), (c) => c.charCodeAt(0));
    const text = new TextDecoder().decode(bytes);
    return { type: "text", text: block.title ? `${block.title}\n\n${text}` : text };
  }
  const file: Record<string, unknown> = source.kind === "base64"
    ? { file_data: `data:${source.mediaType};base64,${source.data}` }
    : { file_id: source.fileId };
  const filename = block.filename ?? block.title;
  if (filename !== undefined) file.filename = filename;
  else if (source.kind === "base64") file.filename = "document.pdf";
  return { type: "file", file };
}

function encodeToolResult(block: ToolResultBlock): ChatMessage {
  return { role: "tool", tool_call_id: block.callId, content: joinText(block.content, "\n") };
}

function encodeAssistant(content: ContentBlock[]): ChatMessage | undefined {
  const text = joinText(content, "\n\n");
  const calls = content.filter((b): b is ToolCallBlock => b.type === "tool_call");
  if (text === "" && calls.length === 0) return undefined;
  const message: ChatMessage = { role: "assistant", content: text === "" ? null : text };
  if (calls.length > 0) message.tool_calls = calls.map(encodeToolCall);
  return message;
}

function encodeToolCall(call: ToolCallBlock): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: call.id,
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.input) },
  };
  // Only same-issuer signatures survive dropForeignArtifacts; Gemini's OpenAI-compatible
  // endpoint wants them back in this field.
  if (call.thoughtSignature) {
    out.extra_content = { google: { thought_signature: call.thoughtSignature } };
  }
  return out;
}
