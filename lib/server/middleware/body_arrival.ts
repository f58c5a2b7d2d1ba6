/**
 * Body arrival: reads a JSON request body with a size cap and a deadline onto the request's
 * scope, failing with typed errors (413, 408, 400) that the entry turns into its own protocol's
 * error shape.
 *
 * The body is read by `bodyArrivalMiddleware` before the concurrency limit is consulted, so a
 * client trickling its body holds a connection, never a slot: ten such clients used to take every
 * slot and starve legitimate requests, and, with no deadline, held them forever.
 *
 * @module
 */
import { GatewayError, invalidRequest } from "../../ir/error.ts";
import { assertJsonDepth } from "../../json/bounded_json.ts";
import type { GatewayDeps } from "../deps.ts";
import { refuse } from "../error_response.ts";
import { readsBodyEarly } from "../routes.ts";
import type { RequestScope } from "../scope.ts";
import type { Middleware } from "./compose.ts";
import { deadline } from "../resilience/timeouts.ts";

/** Reads the body of every model and count_tokens request, within `body_read_timeout_secs`. */
export function bodyArrivalMiddleware(deps: Pick<GatewayDeps, "runtime">): Middleware {
  return async (scope, next) => {
    if (!readsBodyEarly(scope.route)) return await next(scope);
    const { server } = deps.runtime().config;
    try {
      scope.body = await readBodyBytes(
        scope.request,
        server.body_limit_mb * 1048576,
        server.body_read_timeout_secs * 1000,
      );
    } catch (error) {
      if (error instanceof GatewayError) return refuse(scope, error);
      throw error;
    }
    return await next(scope);
  };
}

/** The scope's body as JSON: the bytes that arrived, or (other endpoints) read now. */
export async function readJsonBody(
  scope: RequestScope,
  limitBytes: number,
  timeoutMs = Infinity,
): Promise<unknown> {
  const bytes = scope.body ?? await readBodyBytes(scope.request, limitBytes, timeoutMs);
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") throw invalidRequest("request body is empty: expected a JSON object");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : "unparseable";
    throw invalidRequest(`request body is not valid JSON: ${detail.slice(0, 200)}`);
  }
  // Every later step may walk the body recursively: bound its depth once, here.
  assertJsonDepth(body, "the request body");
  return body;
}

/** The body's bytes, at most `limitBytes`, arriving within `timeoutMs`. */
export async function readBodyBytes(
  request: Request,
  limitBytes: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  // With a declared length the body is read by `request.bytes()` without asking for
  // `request.body`: in Deno that getter builds the body's stream, and a read through it costs
  // several times the read alone (the first-byte path of every request). No body at all reads
  // as empty there, which the JSON read refuses in the same words as here.
  if (!Number.isFinite(declared) && !request.body) {
    throw invalidRequest("request body is empty: expected a JSON object");
  }
  // The same deadline as upstream exchanges: it also follows the client going away.
  const limit = Number.isFinite(timeoutMs)
    ? deadline(request.signal, timeoutMs, () => tooSlow(timeoutMs))
    : undefined;
  try {
    // A declared length bounds the body (the HTTP server delivers no more than it), so the body
    // is read whole: one runtime call instead of a JavaScript read per network chunk, which
    // costs a quarter of a millisecond on a 200 KB body. Without one, chunk by chunk, counting.
    return Number.isFinite(declared)
      ? await wholeBody(request, limit?.signal)
      : await countedBody(request, limitBytes, limit?.signal);
  } catch (error) {
    if (limit?.signal.aborted) throw tooSlow(timeoutMs);
    if (error instanceof GatewayError) throw error;
    throw invalidRequest("the request body could not be read: the client broke off");
  } finally {
    limit?.dispose();
  }
}

/**
 * The whole body, or a rejection once `signal` aborts. The read cannot be cancelled once
 * started; it ends when the server drops the connection after the 408 has been sent.
 */
async function wholeBody(request: Request, signal?: AbortSignal): Promise<Uint8Array> {
  const reading = request.bytes();
  if (!signal) return await reading;
  reading.catch(() => {}); // settles after a timeout, when nobody waits for it any more
  let stop!: () => void;
  const stopped = new Promise<never>((_, reject) => {
    stop = () => reject(signal.reason);
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
  });
  try {
    return await Promise.race([reading, stopped]);
  } finally {
    signal.removeEventListener("abort", stop);
  }
}

/** Reads chunk by chunk, refusing the body as soon as it grows past `limitBytes`. */
async function countedBody(
  request: Request,
  limitBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body!.getReader();
  const stop = () => void reader.cancel().catch(() => {}); // ends the pending read at once
  signal?.addEventListener("abort", stop, { once: true });
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (signal?.aborted) throw signal.reason;
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) {
        await reader.cancel();
        throw tooLarge(limitBytes);
      }
      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener("abort", stop);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError({
    status: 413,
    kind: "request_too_large",
    message: `request body exceeds the limit of ${Math.round(limitBytes / 1048576)} MB`,
    local: true,
  });
}

function tooSlow(timeoutMs: number): GatewayError {
  return new GatewayError({
    status: 408,
    kind: "timeout",
    message: `the request body took longer than body_read_timeout_secs (${timeoutMs / 1000} s) ` +
      "to arrive",
    local: true,
  });
}
