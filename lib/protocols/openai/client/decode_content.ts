/**
 * Chat Completions content parts → IR blocks: text, `image_url` (data URLs become base64
 * sources, other URLs stay URLs, `detail` is kept) and `file` parts (documents).
 *
 * @module
 */
import type {
  DocumentBlock,
  ImageBlock,
  MediaSource,
  OpaqueBlock,
  TextBlock,
} from "../../../ir/content.ts";
import {
  expectArray,
  expectObject,
  expectString,
  fail,
  optionalString,
} from "../../../json/fields.ts";

export type UserBlock = TextBlock | ImageBlock | DocumentBlock | OpaqueBlock;

/** `data:<type>;base64,<data>` → a base64 source; anything else is a plain URL. */
export function mediaSourceFromUrl(url: string): MediaSource {
  const match = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s.exec(url);
  if (match) return { kind: "base64", mediaType: match[1], data: match[3] };
  return { kind: "url", url };
}

/** Text-only content (system, developer, tool): a string or an array of text parts. */
export function decodeTextContent(content: unknown, path: string): TextBlock[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (content === undefined || content === null) return [];
  return expectArray(content, path).flatMap((raw, i) => {
    const part = expectObject(raw, `${path}[${i}]`);
    if (part.type !== "text") fail(`${path}[${i}].type`, 'expected "text"');
    const text = expectString(part.text, `${path}[${i}].text`);
    return text === "" ? [] : [{ type: "text" as const, text }];
  });
}

/** User content: a string or an array of text / image_url / file parts. */
export function decodeUserContent(content: unknown, path: string): UserBlock[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  return expectArray(content, path).flatMap((raw, i): UserBlock[] => {
    const at = `${path}[${i}]`;
    const part = expectObject(raw, at);
    switch (part.type) {
      case "text": {
        const text = expectString(part.text, `${at}.text`);
        return text === "" ? [] : [{ type: "text", text }];
      }
      case "image_url":
        return [decodeImagePart(part.image_url, `${at}.image_url`)];
      case "file":
        return [decodeFilePart(part.file, `${at}.file`)];
      default:
        // `input_audio` and part types newer than this gateway: verbatim to an OpenAI upstream.
        if (typeof part.type !== "string") return fail(`${at}.type`, "expected a string");
        return [{ type: "opaque", protocol: "openai", raw: part }];
    }
  });
}

function decodeImagePart(value: unknown, path: string): ImageBlock {
  const image = typeof value === "string" ? { url: value } : expectObject(value, path);
  const url = expectString(image.url, `${path}.url`);
  const detail = optionalString(image.detail, `${path}.detail`);
  const block: ImageBlock = { type: "image", source: mediaSourceFromUrl(url) };
  if (detail !== undefined) block.detail = detail;
  return block;
}

function decodeFilePart(value: unknown, path: string): DocumentBlock {
  const file = expectObject(value, path);
  const data = optionalString(file.file_data, `${path}.file_data`);
  const fileId = optionalString(file.file_id, `${path}.file_id`);
  const filename = optionalString(file.filename, `${path}.filename`);
  let source: MediaSource;
  if (data !== undefined) {
    const parsed = mediaSourceFromUrl(data);
    // A bare base64 string (no data: prefix) is what most clients send for PDFs.
    source = parsed.kind === "base64"
      ? parsed
      : { kind: "base64", mediaType: mediaTypeForName(filename), data };
  } else if (fileId !== undefined) {
    source = { kind: "file", fileId };
  } else {
    return fail(path, "expected file_data or file_id");
  }
  const block: DocumentBlock = { type: "document", source };
  if (filename !== undefined) block.filename = filename;
  return block;
}

function mediaTypeForName(filename: string | undefined): string {
  const ext = filename?.split(".").pop()?.toLowerCase();
  if (ext === "txt") return "text/plain";
  return "application/pdf";
}
