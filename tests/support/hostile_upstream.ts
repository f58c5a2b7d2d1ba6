/**
 * A hostile upstream on a raw TCP socket, so a test controls every byte and sees every socket:
 * it resets before headers or after any event, hangs before headers or mid-stream, sends
 * malformed SSE, an HTML 502, a 200 with invalid JSON, or one huge line. The fault is picked by
 * the first path segment (`/<fault>/...`), so one server serves a whole test matrix; the valid
 * parts of a stream come from the mock upstream, in the protocol the path asks for.
 *
 * Every connection is recorded with the time it closed, which is how tests prove that the
 * gateway lets go of an upstream it gave up on.
 *
 * @module
 */
import { anthropicReply, readAnthropicRequest } from "./mock_upstream/anthropic.ts";
import { geminiReply, readGeminiRequest } from "./mock_upstream/gemini.ts";
import { openAIChatReply, readOpenAIChatRequest } from "./mock_upstream/openai_chat.ts";
import {
  openAIResponsesReply,
  readOpenAIResponsesRequest,
} from "./mock_upstream/openai_responses.ts";
import { reply } from "./mock_upstream/scenario.ts";

export type Fault =
  | "ok"
  | "reset_before_headers"
  | "hang_before_headers"
  | `reset_after_${number}`
  | `hang_after_${number}`
  | "malformed_sse"
  | "html_502"
  | "invalid_json_200"
  | "huge_line";

export interface UpstreamConnection {
  path: string;
  openedAt: number;
  /** `performance.now()` when the peer (the gateway) closed it, or the fault did. */
  closedAt?: number;
  /** True when the gateway closed the socket, not the hostile server. */
  closedByPeer: boolean;
}

export interface HostileUpstream {
  url: string;
  connections: UpstreamConnection[];
  /** Resolves once every connection opened so far is closed, or after `ms` (false). */
  allClosed(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

const encoder = new TextEncoder();
/** Long enough that no test outlives it: a hang is a hang. */
const HANG_MS = 60_000;

export function startHostileUpstream(answerText: string): HostileUpstream {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const connections: UpstreamConnection[] = [];
  const open = new Set<Deno.Conn>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  (async () => {
    for await (const conn of listener) {
      open.add(conn);
      serve(conn, connections, answerText, timers).finally(() => open.delete(conn));
    }
  })().catch(() => {});
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    connections,
    async allClosed(ms) {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        if (connections.every((c) => c.closedAt !== undefined)) return true;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return connections.every((c) => c.closedAt !== undefined);
    },
    async close() {
      listener.close();
      for (const timer of timers) clearTimeout(timer);
      for (const conn of open) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

async function serve(
  conn: Deno.Conn,
  connections: UpstreamConnection[],
  answerText: string,
  timers: Set<ReturnType<typeof setTimeout>>,
): Promise<void> {
  const record: UpstreamConnection = { path: "", openedAt: performance.now(), closedByPeer: false };
  connections.push(record);
  const closeOurselves = () => {
    record.closedAt ??= performance.now();
    try {
      conn.close();
    } catch { /* closed */ }
  };
  try {
    const request = await readRequest(conn);
    if (!request) {
      record.closedByPeer = true;
      return closeOurselves();
    }
    record.path = request.path;
    const fault = request.path.split("/")[1] as Fault;
    const write = (text: string | Uint8Array) =>
      writeAll(conn, typeof text === "string" ? encoder.encode(text) : text);
    const hang = () => watchForPeerClose(conn, record, timers);
    if (fault === "reset_before_headers") return closeOurselves();
    if (fault === "hang_before_headers") return await hang();
    if (fault === "html_502") {
      await write(head(502, "text/html", 0) + "");
      await write(chunk(`<html><body><h1>502 Bad Gateway</h1><p>${answerText}</p></body></html>`));
      await write("0\r\n\r\n");
      return closeOurselves();
    }
    const valid = await validBody(request.path, request.body, answerText);
    if (fault === "invalid_json_200") {
      await write(head(200, "application/json", 0));
      await write(chunk(`{"id": "x", "answer": "${answerText}", oops`));
      await write("0\r\n\r\n");
      return closeOurselves();
    }
    if (fault === "malformed_sse" || fault === "huge_line") {
      await write(head(200, valid.stream ? "text/event-stream" : "application/json", 0));
      const junk = fault === "huge_line"
        ? `data: {"text":"${"z".repeat(4 * 1024 * 1024)}`
        : `data: {"broken\ndata: ${answerText}\n\nevent: ping\ndata: [not json\n\n`;
      await write(chunk(junk));
      await write("0\r\n\r\n");
      return closeOurselves();
    }
    await write(head(200, valid.contentType, 0));
    const limit = /^(reset|hang)_after_(\d+)$/.exec(fault);
    const cut = limit ? Number(limit[2]) : Infinity;
    for (const [i, piece] of valid.pieces.entries()) {
      if (i >= cut) break;
      await write(chunk(piece));
    }
    if (limit?.[1] === "hang") return await hang();
    if (limit?.[1] === "reset") return closeOurselves();
    await write("0\r\n\r\n");
    closeOurselves();
  } catch {
    record.closedByPeer = true;
    record.closedAt ??= performance.now();
  }
}

function head(status: number, contentType: string, _length: number): string {
  // Keep-alive, as providers answer: the gateway, not the upstream, must close a socket it left.
  return `HTTP/1.1 ${status} X\r\ncontent-type: ${contentType}\r\n` +
    `transfer-encoding: chunked\r\n\r\n`;
}

function chunk(text: string): string {
  const bytes = encoder.encode(text).byteLength;
  return `${bytes.toString(16)}\r\n${text}\r\n`;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.length) at += await conn.write(bytes.subarray(at));
}

/** Holds the connection open until the gateway closes it (or `ms`), noting when. */
async function watchForPeerClose(
  conn: Deno.Conn,
  record: UpstreamConnection,
  timers: Set<ReturnType<typeof setTimeout>>,
  ms = HANG_MS,
): Promise<void> {
  const buffer = new Uint8Array(1024);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
    timers.add(timer);
  });
  try {
    while (true) {
      const n = await Promise.race([conn.read(buffer).catch(() => null), timeout]);
      if (n === "timeout") break;
      if (n === null) {
        record.closedByPeer = true;
        break;
      }
    }
  } finally {
    clearTimeout(timer);
    timers.delete(timer!);
    record.closedAt ??= performance.now();
    try {
      conn.close();
    } catch { /* closed */ }
  }
}

interface RawRequest {
  path: string;
  body: unknown;
}

async function readRequest(conn: Deno.Conn): Promise<RawRequest | undefined> {
  const buffer = new Uint8Array(1 << 16);
  let text = "";
  let bytes = new Uint8Array(0);
  while (true) {
    const n = await conn.read(buffer);
    if (n === null) return undefined;
    const merged = new Uint8Array(bytes.length + n);
    merged.set(bytes);
    merged.set(buffer.subarray(0, n), bytes.length);
    bytes = merged;
    text = new TextDecoder().decode(bytes);
    const end = text.indexOf("\r\n\r\n");
    if (end < 0) continue;
    const length = Number(/content-length:\s*(\d+)/i.exec(text.slice(0, end))?.[1] ?? 0);
    const headBytes = encoder.encode(text.slice(0, end + 4)).length;
    if (bytes.length - headBytes < length) continue;
    const path = text.slice(0, text.indexOf("\r\n")).split(" ")[1];
    const bodyText = new TextDecoder().decode(bytes.subarray(headBytes, headBytes + length));
    let body: unknown = {};
    try {
      body = JSON.parse(bodyText);
    } catch { /* not JSON: treated as empty */ }
    return { path, body };
  }
}

interface ValidBody {
  stream: boolean;
  contentType: string;
  /** SSE events (one per piece) or the JSON body as one piece. */
  pieces: string[];
}

/** The valid answer of the protocol this path speaks, split into its events. */
async function validBody(path: string, body: unknown, text: string): Promise<ValidBody> {
  const plan = reply(text);
  let response: Response;
  if (path.includes(":generateContent") || path.includes(":streamGenerateContent")) {
    const stream = path.includes(":streamGenerateContent");
    const model = /models\/([^/:]+):/.exec(path)?.[1] ?? "m";
    response = geminiReply(plan, readGeminiRequest(body, model, stream), true);
  } else if (path.endsWith("/chat/completions")) {
    response = openAIChatReply(plan, readOpenAIChatRequest(body));
  } else if (path.endsWith("/responses")) {
    response = openAIResponsesReply(plan, readOpenAIResponsesRequest(body));
  } else if (path.endsWith("/count_tokens")) {
    response = Response.json({ input_tokens: 7 });
  } else {
    response = anthropicReply(plan, readAnthropicRequest(body));
  }
  const contentType = response.headers.get("content-type") ?? "application/json";
  const whole = await response.text();
  const stream = contentType.includes("event-stream");
  const pieces = stream ? whole.split(/(?<=\n\n)/).filter((p) => p !== "") : [whole];
  return { stream, contentType, pieces };
}
