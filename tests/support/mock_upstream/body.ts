/**
 * Response bodies: JSON, SSE frames, and the abrupt mid-stream break. A breaking body declares a
 * `content-length` it never delivers, so the server drops the connection short of it, as a reset
 * would: the client sees a body read error, never a clean end. (Erroring the body stream would
 * do the same but makes Deno print the error on every run.)
 *
 * @module
 */
import type { BodyFrame, ErrorPlan, ReplyPlan } from "./types.ts";

const encoder = new TextEncoder();

/** One SSE frame; `event` adds the `event:` line Anthropic and Responses clients rely on. */
export function sse(data: unknown, event?: string): string {
  const json = JSON.stringify(data);
  return event ? `event: ${event}\ndata: ${json}\n\n` : `data: ${json}\n\n`;
}

export function jsonResponse(
  value: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** Error status with the protocol's envelope; 429 carries `retry-after`. */
export function errorResponse(
  plan: ErrorPlan,
  envelope: unknown,
  headers: Record<string, string> = {},
): Response {
  const retry: Record<string, string> = plan.retryAfterSeconds === undefined
    ? {}
    : { "retry-after": String(plan.retryAfterSeconds) };
  return jsonResponse(envelope, plan.status, { ...retry, ...headers });
}

/** Streams `frames`, honouring the plan's per-chunk delay and its mid-stream break. */
export function framedResponse(
  frames: Iterable<BodyFrame>,
  plan: ReplyPlan,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  const body = ReadableStream.from(frameBytes(frames, plan));
  const breaking: Record<string, string> = plan.breakAfterTextDeltas === undefined
    ? {}
    : { "content-length": "1048576" };
  return new Response(body, {
    headers: { "content-type": contentType, "cache-control": "no-cache", ...breaking, ...headers },
  });
}

/** A non-streaming JSON body; with a mid-stream break it stops half-way through the JSON. */
export function replyJsonResponse(value: unknown, plan: ReplyPlan): Response {
  const json = JSON.stringify(value);
  if (plan.breakAfterTextDeltas === undefined) return jsonResponse(value);
  const half = Math.floor(json.length / 2);
  const frames = [{ data: json.slice(0, half), textDelta: true }, { data: json.slice(half) }];
  return framedResponse(frames, { ...plan, breakAfterTextDeltas: 1 }, "application/json");
}

async function* frameBytes(frames: Iterable<BodyFrame>, plan: ReplyPlan) {
  let textDeltas = 0;
  for (const frame of frames) {
    yield encoder.encode(frame.data);
    if (frame.textDelta) {
      textDeltas++;
      if (plan.chunkDelayMs > 0) await delay(plan.chunkDelayMs);
    }
    if (plan.breakAfterTextDeltas !== undefined && textDeltas >= plan.breakAfterTextDeltas) {
      // Give the client time to read what was sent, so the break really is mid-stream.
      await delay(5);
      return;
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
