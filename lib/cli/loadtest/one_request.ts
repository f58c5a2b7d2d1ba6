/**
 * One load request, timed: time to the first body byte and to the end of the body. A request
 * that fails says how, as a short kind: `http_503`, `connect`, `timeout`, `reset` (the body broke
 * off), `stream_error` (an error frame ended the stream), `truncated` (it ended without its
 * protocol's final event).
 *
 * @module
 */
import { bodyReads } from "../../streaming/body_reads.ts";
import type { LoadRequest } from "./protocols.ts";

export type Outcome =
  | { ok: true; ttfbMs: number; totalMs: number }
  | { ok: false; kind: string };

/** Bytes of the body's end kept to look for the final event or an error frame. */
const TAIL_BYTES = 512;

export async function sendOne(
  url: string,
  request: LoadRequest,
  stream: boolean,
  timeoutMs: number,
  startedAt: number,
): Promise<Outcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url + request.path, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      signal,
    });
  } catch (error) {
    return { ok: false, kind: signal.aborted ? "timeout" : failureKind(error, "connect") };
  }
  let ttfbMs = 0;
  let tail: Uint8Array = new Uint8Array(0);
  const end = endSearch(request.endMarker);
  const reads = bodyReads(response.body ?? emptyBody());
  try {
    for (let chunk = await reads.read(); chunk; chunk = await reads.read()) {
      if (ttfbMs === 0) ttfbMs = performance.now() - startedAt;
      end.scan(tail, chunk);
      tail = keepTail(tail, chunk);
    }
  } catch (error) {
    await reads.cancel();
    return { ok: false, kind: signal.aborted ? "timeout" : failureKind(error, "reset") };
  }
  const totalMs = performance.now() - startedAt;
  if (!response.ok) return { ok: false, kind: `http_${response.status}` };
  if (stream) {
    if (request.errorMarker.test(new TextDecoder().decode(tail))) {
      return { ok: false, kind: "stream_error" };
    }
    if (!end.seen) return { ok: false, kind: "truncated" };
  }
  return { ok: true, ttfbMs: ttfbMs || totalMs, totalMs };
}

/**
 * Watches the body for the end marker as bytes, chunk by chunk (a marker may straddle two
 * chunks), without decoding the body: the final event may be larger than any tail kept.
 */
function endSearch(marker: string) {
  const needle = new TextEncoder().encode(marker);
  const state = {
    seen: false,
    scan(before: Uint8Array, chunk: Uint8Array) {
      if (state.seen) return;
      const carry = before.subarray(Math.max(0, before.length - needle.length + 1));
      const seam = new Uint8Array(carry.length + Math.min(chunk.length, needle.length - 1));
      seam.set(carry, 0);
      seam.set(chunk.subarray(0, seam.length - carry.length), carry.length);
      state.seen = contains(chunk, needle) || contains(seam, needle);
    },
  };
  return state;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  for (let at = haystack.indexOf(first); at >= 0; at = haystack.indexOf(first, at + 1)) {
    if (at + needle.length > haystack.length) return false;
    let i = 1;
    while (i < needle.length && haystack[at + i] === needle[i]) i++;
    if (i === needle.length) return true;
  }
  return false;
}

function keepTail(tail: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (chunk.length >= TAIL_BYTES) return chunk.slice(chunk.length - TAIL_BYTES);
  const joined = new Uint8Array(Math.min(TAIL_BYTES, tail.length + chunk.length));
  const fromTail = joined.length - chunk.length;
  joined.set(tail.subarray(tail.length - fromTail), 0);
  joined.set(chunk, fromTail);
  return joined;
}

function failureKind(error: unknown, fallback: string): string {
  const text = String((error as Error)?.message ?? error).toLowerCase();
  if (text.includes("refused")) return "connect";
  if (text.includes("reset") || text.includes("closed") || text.includes("eof")) return "reset";
  return fallback;
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
