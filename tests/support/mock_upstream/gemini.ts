/**
 * Gemini generateContent as the real API speaks it: one `GenerateContentResponse`, or for
 * streamGenerateContent a series of complete responses, as `data:` frames with `alt=sse` and as
 * one incrementally written JSON array without it. `finishReason` and `usageMetadata` ride on
 * the last one; there is no `[DONE]`. `promptTokenCount` includes cached tokens; Gemini reports
 * no cache writes.
 *
 * @module
 */
import { errorResponse, framedResponse, replyJsonResponse } from "./body.ts";
import {
  arrAt,
  describeBase64Image,
  isObj,
  lastIndex,
  numAt,
  type Obj,
  objAt,
  strAt,
  stringList,
} from "./read_fields.ts";
import { MOCK } from "./scenario.ts";
import type { BodyFrame, ErrorPlan, MockPrompt, MockUsage, ReplyPlan } from "./types.ts";

const RESPONSE_ID = "mock-response-1";

export function readGeminiRequest(body: unknown, model: string, stream: boolean): MockPrompt {
  const contents = arrAt(body, "contents").filter(isObj);
  const promptAt = lastIndex(contents, (c) => c.role !== "model" && userText(c) !== "");
  const resultAt = lastIndex(contents, (c) => functionResponses(c).length > 0);
  const config = objAt(body, "generationConfig");
  const schema = config.responseJsonSchema ?? config.responseSchema;
  return {
    protocol: "gemini",
    model,
    stream,
    promptText: promptAt >= 0 ? userText(contents[promptAt]) : "",
    toolResultText: resultAt > promptAt
      ? responseText(functionResponses(contents[resultAt]).at(-1))
      : undefined,
    tools: arrAt(body, "tools").flatMap((t) => arrAt(t, "functionDeclarations")).filter(isObj)
      .map((d) => ({
        name: strAt(d, "name") ?? "",
        schema: d.parametersJsonSchema ?? d.parameters,
      })),
    stopSequences: stringList(config.stopSequences),
    images: contents.filter((c) => c.role !== "model").flatMap((c) => imagesOf(c)),
    responseSchema: schema !== undefined
      ? schema
      : config.responseMimeType === "application/json"
      ? "json_object"
      : undefined,
    maxTokens: numAt(config, "maxOutputTokens"),
  };
}

/** `sse` is the `alt=sse` switch; without it a stream is one JSON array written piece by piece. */
export function geminiReply(plan: ReplyPlan, prompt: MockPrompt, sse: boolean): Response {
  if (!prompt.stream) return replyJsonResponse(chunk(plan, prompt, allParts(plan), true), plan);
  const frames = geminiChunks(plan, prompt);
  if (sse) return framedResponse(asSse(frames), plan, "text/event-stream");
  return framedResponse(asJsonArray(frames), plan, "application/json");
}

export function geminiError(plan: ErrorPlan): Response {
  return errorResponse(plan, geminiErrorEnvelope(plan.status, plan.message));
}

function geminiErrorEnvelope(code: number, message: string): Obj {
  const status = code === 400
    ? "INVALID_ARGUMENT"
    : code === 429
    ? "RESOURCE_EXHAUSTED"
    : "UNAVAILABLE";
  return { error: { code, message, status } };
}

interface GeminiFrame {
  value: Obj;
  textDelta?: boolean;
}

function* geminiChunks(plan: ReplyPlan, prompt: MockPrompt): Generator<GeminiFrame> {
  const parts = allParts(plan);
  const thoughts = parts.filter((p) => p.thought === true);
  const texts = parts.filter((p) => p.thought !== true && typeof p.text === "string");
  const calls = parts.filter((p) => isObj(p.functionCall));
  for (const part of thoughts) yield { value: chunk(plan, prompt, [part], false) };
  for (const [i, part] of texts.entries()) {
    if (plan.streamErrorAfterTextDeltas === i) {
      yield { value: geminiErrorEnvelope(503, MOCK.streamError) };
      return;
    }
    const last = i === texts.length - 1 && calls.length === 0;
    yield { value: chunk(plan, prompt, [part], last), textDelta: true };
  }
  if (calls.length > 0) yield { value: chunk(plan, prompt, calls, true) };
  if (texts.length === 0 && calls.length === 0) yield { value: chunk(plan, prompt, [], true) };
}

function* asSse(frames: Iterable<GeminiFrame>): Generator<BodyFrame> {
  for (const f of frames) {
    yield { data: `data: ${JSON.stringify(f.value)}\r\n\r\n`, textDelta: f.textDelta };
  }
}

function* asJsonArray(frames: Iterable<GeminiFrame>): Generator<BodyFrame> {
  let first = true;
  for (const f of frames) {
    yield { data: (first ? "[" : ",\r\n") + JSON.stringify(f.value), textDelta: f.textDelta };
    first = false;
  }
  yield { data: first ? "[]" : "]" };
}

/** Thought parts first; the signature rides on the first answer part (or function call). */
function allParts(plan: ReplyPlan): Obj[] {
  const parts: Obj[] = [];
  const pieces = plan.textChunks;
  if (plan.reasoning) {
    for (const text of plan.reasoning.chunks) parts.push({ text, thought: true });
  }
  for (const text of pieces) parts.push({ text });
  for (const call of plan.toolCalls) {
    const id = plan.omitToolIds ? {} : { id: `mock-call-${call.n}` };
    parts.push({ functionCall: { ...id, name: call.name, args: call.args } });
  }
  const signed = parts.find((p) => p.thought !== true);
  if (plan.reasoning && signed) signed.thoughtSignature = plan.reasoning.signature;
  return parts;
}

function chunk(plan: ReplyPlan, prompt: MockPrompt, parts: Obj[], last: boolean): Obj {
  const candidate: Obj = {
    content: { parts: mergeText(parts, prompt.stream), role: "model" },
    index: 0,
  };
  if (last) candidate.finishReason = plan.stop === "max_tokens" ? "MAX_TOKENS" : "STOP";
  const out: Obj = { candidates: [candidate] };
  if (last) out.usageMetadata = usageMetadata(plan.usage);
  return { ...out, modelVersion: prompt.model, responseId: RESPONSE_ID };
}

/** A whole (non-streamed) answer joins its text pieces, as the API does; signatures stay put. */
function mergeText(parts: Obj[], stream: boolean): Obj[] {
  if (stream) return parts;
  const out: Obj[] = [];
  for (const part of parts) {
    const prev = out.at(-1);
    const joinable = prev && typeof prev.text === "string" && typeof part.text === "string" &&
      prev.thought === part.thought && part.thoughtSignature === undefined;
    if (joinable) prev.text = String(prev.text) + String(part.text);
    else out.push({ ...part });
  }
  return out;
}

function usageMetadata(u: MockUsage): Obj {
  const out: Obj = {
    promptTokenCount: u.input,
    candidatesTokenCount: u.output - u.reasoning,
    totalTokenCount: u.input + u.output,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: u.input }],
  };
  if (u.cacheRead > 0) out.cachedContentTokenCount = u.cacheRead;
  if (u.reasoning > 0) out.thoughtsTokenCount = u.reasoning;
  return out;
}

function userText(content: Obj): string {
  if (functionResponses(content).length > 0) return "";
  return arrAt(content, "parts")
    .filter((p) => isObj(p) && typeof p.text === "string" && p.thought !== true)
    .map((p) => String((p as Obj).text))
    .join("\n");
}

function functionResponses(content: Obj): Obj[] {
  return arrAt(content, "parts").filter(isObj).map((p) => p.functionResponse).filter(isObj);
}

/** Gemini CLI answers `{output}`, opencode `{name, content}`; anything else as JSON. */
function responseText(fr: Obj | undefined): string {
  const response = objAt(fr, "response");
  for (const key of ["output", "content", "result"]) {
    if (typeof response[key] === "string") return String(response[key]);
  }
  return JSON.stringify(response);
}

function imagesOf(content: Obj): string[] {
  return arrAt(content, "parts").filter(isObj).flatMap((p) => {
    if (isObj(p.inlineData)) {
      return [describeBase64Image(String(p.inlineData.mimeType), String(p.inlineData.data))];
    }
    if (isObj(p.fileData)) return [`image:url:${String(p.fileData.fileUri)}`];
    return [];
  });
}
