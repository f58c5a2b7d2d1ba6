/**
 * The mock upstream's fetch handler: routes each provider path to its protocol, answers JSON or
 * a stream with the configured pacing, and injects the configured fault into the requests the
 * fault rate selects. Answers are built once per (protocol, model, shape) and reused, so the
 * mock stays cheap next to whatever it is measuring.
 *
 * @module
 */
import { anthropic } from "./anthropic.ts";
import { buildAnswer, isObject, type MockProtocol } from "./answer.ts";
import { gemini, geminiArrayPieces } from "./gemini.ts";
import { openAIChat } from "./openai_chat.ts";
import { openAIResponses } from "./openai_responses.ts";
import type { MockFault, MockUpstreamOptions } from "./options.ts";

const GEMINI_PATH = /\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;
const MAX_CACHED = 1024;

interface Route {
  protocol: MockProtocol;
  name: string;
  model?: string;
  /** Gemini decides streaming by path, the others by the body's `stream`. */
  stream?: boolean;
  /** Gemini without `alt=sse` streams one JSON array. */
  jsonArray?: boolean;
}

interface Body {
  bytes: Uint8Array<ArrayBuffer>[];
  contentType: string;
}

const encoder = new TextEncoder();

export function createMockUpstreamHandler(
  options: MockUpstreamOptions,
): (request: Request) => Promise<Response> {
  const cache = new Map<string, Body>();
  let served = 0;
  const faultFor = (): MockFault | undefined => {
    const n = served++;
    const { fault, faultRate } = options;
    return fault && Math.floor((n + 1) * faultRate) > Math.floor(n * faultRate) ? fault : undefined;
  };

  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (request.method === "GET" || request.method === "HEAD") return getResponse(path, request);
    if (request.method !== "POST") return notFound(request.method, path);
    if (path.endsWith("/messages/count_tokens")) return json({ input_tokens: 10 });
    const route = routeOf(path, url.searchParams);
    if (!route) return notFound(request.method, path);
    if (route.name === "gemini-count") return json({ totalTokens: 10 });
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      return json(route.protocol.error(400, "mock upstream: body is not JSON"), 400);
    }
    const parsed = isObject(body) ? body : {};
    if (options.delayMs > 0) await sleep(options.delayMs);
    const fault = faultFor();
    if (fault?.kind === "status") return statusFault(route.protocol, fault.status);
    if (fault?.kind === "hang") return await hang(request.signal);
    const stream = route.stream ?? parsed.stream === true;
    const answer = cached(cache, route, parsed, stream, options);
    return respond(answer, stream ? options.chunkDelayMs : 0, fault, request.signal);
  };
}

function routeOf(path: string, search: URLSearchParams): Route | undefined {
  if (path.endsWith("/chat/completions")) return { protocol: openAIChat, name: "chat" };
  if (path.endsWith("/responses")) return { protocol: openAIResponses, name: "responses" };
  if (path.endsWith("/messages")) return { protocol: anthropic, name: "anthropic" };
  const match = GEMINI_PATH.exec(path);
  if (!match) return undefined;
  const [, model, method] = match;
  if (method === "countTokens") return { protocol: gemini, name: "gemini-count" };
  const stream = method === "streamGenerateContent";
  const jsonArray = stream && search.get("alt") !== "sse";
  return { protocol: gemini, name: "gemini", model: decodeURIComponent(model), stream, jsonArray };
}

/** The encoded body for this shape of request, built on first use. */
function cached(
  cache: Map<string, Body>,
  route: Route,
  request: Record<string, unknown>,
  stream: boolean,
  options: MockUpstreamOptions,
): Body {
  const model = route.model ?? (typeof request.model === "string" ? request.model : "mock-model");
  const tool = options.toolCalls ? route.protocol.firstToolName(request) ?? "get_weather" : "";
  const usage = isObject(request.stream_options) && request.stream_options.include_usage === true;
  const key = `${route.name}|${model}|${tool}|${stream}|${route.jsonArray}|${usage}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const answer = buildAnswer(model, options.chunks, tool === "" ? undefined : tool);
  const body: Body = !stream
    ? {
      bytes: [encoder.encode(JSON.stringify(route.protocol.json(answer)))],
      contentType: JSON_TYPE,
    }
    : route.jsonArray
    ? { bytes: geminiArrayPieces(answer).map((p) => encoder.encode(p)), contentType: JSON_TYPE }
    : {
      bytes: route.protocol.frames(answer, request).map((f) => encoder.encode(f)),
      contentType: "text/event-stream",
    };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, body);
  return body;
}

const JSON_TYPE = "application/json";

/**
 * Sends the pieces one write each, `chunkDelayMs` apart. A reset declares the full length and
 * sends half, so the server drops the connection short of it; a stall sends half and then
 * waits for the client to leave.
 */
function respond(
  body: Body,
  chunkDelayMs: number,
  fault: MockFault | undefined,
  signal: AbortSignal,
): Response {
  const headers: Record<string, string> = { "content-type": body.contentType };
  if (body.contentType !== JSON_TYPE) headers["cache-control"] = "no-cache";
  const cut = fault?.kind === "reset" || fault?.kind === "stall" ? fault.kind : undefined;
  if (!cut && body.bytes.length === 1) return new Response(body.bytes[0], { headers });
  const pieces = cut && body.bytes.length === 1 ? halves(body.bytes[0]) : body.bytes;
  const stopAt = cut ? Math.ceil(pieces.length / 2) : pieces.length;
  if (cut === "reset") {
    headers["content-length"] = String(pieces.reduce((sum, p) => sum + p.length, 0));
  }
  let next = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next >= stopAt) {
        if (cut === "stall") await aborted(signal);
        controller.close();
        return;
      }
      if (next > 0 && chunkDelayMs > 0) await sleep(chunkDelayMs);
      controller.enqueue(pieces[next++]);
    },
  }, { highWaterMark: 0 });
  return new Response(stream, { headers });
}

function halves(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>[] {
  const half = Math.floor(bytes.length / 2);
  return [bytes.subarray(0, half), bytes.subarray(half)];
}

function statusFault(protocol: MockProtocol, status: number): Response {
  const headers: Record<string, string> = status === 429 || status === 503
    ? { "retry-after": "1" }
    : {};
  return json(protocol.error(status, `mock upstream fault: status ${status}`), status, headers);
}

async function hang(signal: AbortSignal): Promise<Response> {
  await aborted(signal);
  return new Response(null, { status: 499 });
}

function getResponse(path: string, request: Request): Response {
  if (path === "/" || path === "/healthz") return new Response("ok\n");
  if (!path.endsWith("/models")) return notFound(request.method, path);
  const ids = ["mock-model"];
  if (path.includes("/v1beta/")) {
    return json({ models: ids.map((id) => ({ name: `models/${id}`, displayName: id })) });
  }
  if (request.headers.has("anthropic-version")) {
    const data = ids.map((id) => ({
      type: "model",
      id,
      display_name: id,
      created_at: "2024-01-01T00:00:00Z",
    }));
    return json({ data, has_more: false, first_id: ids[0], last_id: ids[0] });
  }
  const data = ids.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "mock" }));
  return json({ object: "list", data });
}

function notFound(method: string, path: string): Response {
  const message = `mock upstream: no route for ${method} ${path}`;
  return json({ error: { message, type: "not_found_error" } }, 404);
}

function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": JSON_TYPE, ...headers },
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
