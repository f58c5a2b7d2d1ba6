/**
 * Gemini `contents` → IR messages.
 *
 * Function calls without an `id` get a stable one from their position (`call_g<turn>_<part>`),
 * so the same history always yields the same ids. A `functionResponse` is paired with its call
 * by id, else with the oldest unanswered call of the same name. Its `response` object becomes
 * text: the bare string when it is the only field (`{output}`, `{content}`, `{result}`, with a
 * redundant `name` ignored; `{error}` marks an error result), otherwise its JSON.
 * Consecutive thought parts form one thinking block, because clients replay the streamed
 * thought summary as many small parts. Signatures are opened with `openArtifact`, so a sealed
 * signature from another protocol goes back only to its issuer.
 *
 * @module
 */
import type {
  ContentBlock,
  DocumentBlock,
  ImageBlock,
  Message,
  ToolResultContent,
} from "../../../ir/content.ts";
import { openArtifact } from "../../../ir/artifacts.ts";
import { invalidRequest } from "../../../ir/error.ts";
import {
  expectArray,
  expectObject,
  expectString,
  type JsonObject,
  optionalString,
} from "../../../json/fields.ts";

interface PendingCall {
  id: string;
  name: string;
}

export function decodeGeminiContents(raw: unknown): Message[] {
  const contents = expectArray(raw, "contents");
  if (contents.length === 0) throw invalidRequest("contents: must not be empty", "contents");
  const pending: PendingCall[] = [];
  return contents.map((item, i) => {
    const content = expectObject(item, `contents[${i}]`);
    const role = content.role ?? "user";
    // `function` is the role older clients used for function responses.
    if (role !== "user" && role !== "model" && role !== "function") {
      throw invalidRequest(
        `contents[${i}].role: expected "user" or "model"`,
        `contents[${i}].role`,
      );
    }
    const parts = expectArray(content.parts, `contents[${i}].parts`);
    const blocks: ContentBlock[] = [];
    parts.forEach((p, j) => {
      const where = `contents[${i}].parts[${j}]`;
      const block = decodePart(
        expectObject(p, where),
        where,
        role === "model",
        `${i}_${j}`,
        pending,
      );
      if (!block) return;
      const last = blocks.at(-1);
      if (block.type === "thinking" && last?.type === "thinking") {
        last.text += block.text;
        if (block.signature) {
          Object.assign(last, { signature: block.signature, origin: block.origin });
        }
      } else blocks.push(block);
    });
    return { role: role === "model" ? "assistant" : "user", content: blocks } satisfies Message;
  });
}

/** The fields of a part the IR models; others ride along (`videoMetadata`, `partMetadata` …). */
const PART_FIELDS = [
  "text",
  "thought",
  "thoughtSignature",
  "inlineData",
  "fileData",
  "functionCall",
  "functionResponse",
];

const UNKNOWN_PART = Symbol("unknown part");

/**
 * A part → an IR block. A part kind the IR does not model (`executableCode`,
 * `codeExecutionResult`, kinds newer than this gateway) is an opaque block, and a known part's
 * other fields ride in `extensions.gemini`: a Gemini upstream gets both verbatim.
 */
function decodePart(
  part: JsonObject,
  where: string,
  fromModel: boolean,
  position: string,
  pending: PendingCall[],
): ContentBlock | undefined {
  const block = decodeKnownPart(part, where, fromModel, position, pending);
  if (block === UNKNOWN_PART) {
    const kind = Object.keys(part).find((k) => k !== "thoughtSignature" && k !== "thought");
    if (!kind) throw invalidRequest(`${where}: part has no content`, where);
    return { type: "opaque", protocol: "gemini", raw: part };
  }
  if (!block || block.type === "opaque") return block;
  const extra = Object.fromEntries(
    Object.entries(part).filter(([k]) => !PART_FIELDS.includes(k)),
  );
  return Object.keys(extra).length > 0 ? { ...block, extensions: { gemini: extra } } : block;
}

function decodeKnownPart(
  part: JsonObject,
  where: string,
  fromModel: boolean,
  position: string,
  pending: PendingCall[],
): ContentBlock | undefined | typeof UNKNOWN_PART {
  const signature = optionalString(part.thoughtSignature, `${where}.thoughtSignature`);
  const opened = signature ? openArtifact(signature, "gemini") : undefined;
  if (part.text !== undefined) {
    const text = expectString(part.text, `${where}.text`);
    if (part.thought === true && fromModel) {
      return opened
        ? { type: "thinking", text, signature: opened.artifact, origin: opened.origin }
        : { type: "thinking", text };
    }
    if (text === "" && !opened) return undefined;
    return opened
      ? { type: "text", text, thoughtSignature: opened.artifact, origin: opened.origin }
      : { type: "text", text };
  }
  if (part.inlineData !== undefined) return inlineMedia(part.inlineData, `${where}.inlineData`);
  if (part.fileData !== undefined) return fileMedia(part.fileData, `${where}.fileData`);
  if (part.functionCall !== undefined) {
    if (!fromModel) {
      throw invalidRequest(`${where}.functionCall: only model turns can call functions`);
    }
    const call = expectObject(part.functionCall, `${where}.functionCall`);
    const name = expectString(call.name, `${where}.functionCall.name`);
    const id = optionalString(call.id, `${where}.functionCall.id`) || `call_g${position}`;
    const args = call.args === undefined || call.args === null
      ? {}
      : expectObject(call.args, `${where}.functionCall.args`);
    pending.push({ id, name });
    return {
      type: "tool_call",
      id,
      name,
      input: args,
      ...(opened ? { thoughtSignature: opened.artifact, origin: opened.origin } : {}),
    };
  }
  if (part.functionResponse !== undefined) {
    return functionResponse(part.functionResponse, `${where}.functionResponse`, position, pending);
  }
  return UNKNOWN_PART;
}

function functionResponse(
  raw: unknown,
  where: string,
  position: string,
  pending: PendingCall[],
): ContentBlock {
  const fr = expectObject(raw, where);
  const name = expectString(fr.name, `${where}.name`);
  const givenId = optionalString(fr.id, `${where}.id`);
  let at = givenId ? pending.findIndex((c) => c.id === givenId) : -1;
  if (at < 0) at = pending.findIndex((c) => c.name === name);
  const callId = at >= 0 ? pending.splice(at, 1)[0].id : givenId || `call_g${position}`;
  const response = fr.response === undefined ? {} : expectObject(fr.response, `${where}.response`);
  const { text, isError } = responseText(response, name);
  const content: ToolResultContent[] = text === "" ? [] : [{ type: "text", text }];
  if (Array.isArray(fr.parts)) {
    fr.parts.forEach((p, k) => {
      const part = expectObject(p, `${where}.parts[${k}]`);
      if (part.inlineData !== undefined) {
        content.push(inlineMedia(part.inlineData, `${where}.parts[${k}].inlineData`));
      } else if (part.fileData !== undefined) {
        content.push(fileMedia(part.fileData, `${where}.parts[${k}].fileData`));
      }
    });
  }
  return { type: "tool_result", callId, name, content, ...(isError ? { isError } : {}) };
}

function responseText(response: JsonObject, name: string): { text: string; isError: boolean } {
  const fields = Object.entries(response).filter(([k, v]) => !(k === "name" && v === name));
  if (fields.length === 1 && typeof fields[0][1] === "string") {
    const [key, value] = fields[0];
    if (key === "error") return { text: value, isError: true };
    if (key === "output" || key === "content" || key === "result") {
      return { text: value, isError: false };
    }
  }
  if (fields.length === 0) return { text: "", isError: false };
  return { text: JSON.stringify(response), isError: false };
}

function inlineMedia(raw: unknown, where: string): ImageBlock | DocumentBlock {
  const data = expectObject(raw, where);
  const mediaType = expectString(data.mimeType, `${where}.mimeType`);
  const source = {
    kind: "base64" as const,
    mediaType,
    data: expectString(data.data, `${where}.data`),
  };
  return mediaType.startsWith("image/") ? { type: "image", source } : { type: "document", source };
}

function fileMedia(raw: unknown, where: string): ImageBlock | DocumentBlock {
  const data = expectObject(raw, where);
  const url = expectString(data.fileUri, `${where}.fileUri`);
  const mediaType = optionalString(data.mimeType, `${where}.mimeType`);
  const source = { kind: "url" as const, url, ...(mediaType ? { mediaType } : {}) };
  return mediaType?.startsWith("image/") ? { type: "image", source } : { type: "document", source };
}
