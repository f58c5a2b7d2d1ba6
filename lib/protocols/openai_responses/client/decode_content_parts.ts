/**
 * Responses content parts (`input_text`, `input_image`, `input_file`, `output_text`, `refusal`)
 * → IR content blocks. Also used for tool outputs sent as an array of parts.
 *
 * @module
 */
import type { DocumentBlock, ImageBlock, MediaSource, TextBlock } from "../../../ir/content.ts";
import { invalidRequest } from "../../../ir/error.ts";
import { isObject } from "../../../json/fields.ts";

export type PartBlock = TextBlock | ImageBlock | DocumentBlock;

/** `data:<type>;base64,<data>` → base64 source; anything else → a URL source. */
export function mediaFromUrl(url: string): MediaSource {
  const match = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (match) return { kind: "base64", mediaType: match[1], data: match[2] };
  return { kind: "url", url };
}

/**
 * A message's `content`: a string or an array of parts. A part type the IR does not model is
 * not an error: it is left out here and reported through `onUnknown`, so the entry forwards the
 * raw input to a Responses upstream and a translated upstream goes on without it.
 */
export function decodeContent(
  content: unknown,
  where: string,
  onUnknown: (type: string) => void = () => {},
): PartBlock[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) {
    throw invalidRequest(`${where}: expected a string or an array of content parts`);
  }
  const blocks: PartBlock[] = [];
  content.forEach((part, i) => {
    const block = decodePart(part, `${where}[${i}]`);
    if (typeof block === "string") onUnknown(block);
    else blocks.push(block);
  });
  return blocks;
}

/** A part → its block, or the part's type when the IR does not model it. */
function decodePart(part: unknown, where: string): PartBlock | string {
  if (!isObject(part)) throw invalidRequest(`${where}: expected an object`);
  switch (part.type) {
    case "input_text":
    case "output_text":
    case "text":
    case "refusal": {
      const text = part.type === "refusal" ? part.refusal : part.text;
      if (typeof text !== "string") {
        throw invalidRequest(
          `${where}.${part.type === "refusal" ? "refusal" : "text"}: expected a string`,
        );
      }
      return { type: "text", text };
    }
    case "input_image":
      return decodeImage(part, where);
    case "input_file":
      return decodeFile(part, where);
    default:
      if (typeof part.type !== "string") throw invalidRequest(`${where}.type: expected a string`);
      return part.type;
  }
}

function decodeImage(part: Record<string, unknown>, where: string): ImageBlock {
  let source: MediaSource;
  if (typeof part.image_url === "string") source = mediaFromUrl(part.image_url);
  else if (typeof part.file_id === "string") source = { kind: "file", fileId: part.file_id };
  else throw invalidRequest(`${where}: input_image needs image_url or file_id`);
  const block: ImageBlock = { type: "image", source };
  if (typeof part.detail === "string") block.detail = part.detail;
  return block;
}

function decodeFile(part: Record<string, unknown>, where: string): DocumentBlock {
  let source: MediaSource;
  if (typeof part.file_data === "string") {
    source = part.file_data.startsWith("data:")
      ? mediaFromUrl(part.file_data)
      : { kind: "base64", mediaType: "application/pdf", data: part.file_data };
  } else if (typeof part.file_url === "string") source = { kind: "url", url: part.file_url };
  else if (typeof part.file_id === "string") source = { kind: "file", fileId: part.file_id };
  else throw invalidRequest(`${where}: input_file needs file_data, file_url or file_id`);
  const block: DocumentBlock = { type: "document", source };
  if (typeof part.filename === "string") block.filename = part.filename;
  return block;
}
