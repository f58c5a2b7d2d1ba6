/**
 * Shared pieces for the operations tests: configs from TOML text, a scripted fake `fetch`
 * speaking OpenAI Chat Completions, a fake clock, a loopback server, and a tiny parser for the
 * Prometheus text format.
 *
 * @module
 */
import { loadConfig, type LoadedConfig } from "../../lib/config/load.ts";

export const BASE_PROVIDERS = `
[[providers]]
name = "echo"
type = "echo"

[[providers]]
name = "up"
type = "openai"
base_url = "http://upstream.test"
api_key = "sk-upstream-secret"

[[providers]]
name = "backup"
type = "openai"
base_url = "http://backup.test"
api_key = "sk-backup-secret"
`;

export function config(toml: string, env: Record<string, string> = {}): LoadedConfig {
  return loadConfig(toml, "test.toml", {
    env: (name) => env[name],
    readFile: () => {
      throw new Error("no files in tests");
    },
  });
}

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public t = 1_700_000_000_000) {}
  now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Records requested sleeps and returns at once. */
export function fakeSleep(): { sleep: (ms: number) => Promise<void>; slept: number[] } {
  const slept: number[] = [];
  return { slept, sleep: (ms) => (slept.push(ms), Promise.resolve()) };
}

export type Reply = Response | (() => Response | Promise<Response>);

/** A fake fetch answering scripted replies in order, per host; records each call's host. */
export function scriptedFetch(script: Record<string, Reply[]>): {
  fetch: typeof fetch;
  calls: string[];
} {
  const calls: string[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push(url.host);
    const next = script[url.host]?.shift();
    if (!next) throw new TypeError(`connection refused: ${url.host}`);
    return abortable(typeof next === "function" ? await next() : next, init?.signal ?? undefined);
  };
  return { fetch: fetchFn as typeof fetch, calls };
}

/** Like a real fetch: aborting the request's signal fails its body and cancels the source. */
function abortable(response: Response, signal: AbortSignal | undefined): Response {
  if (!signal || !response.body) return response;
  const source = response.body.getReader();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    async pull(c) {
      const { value, done } = await source.read();
      if (signal.aborted) return;
      if (done) c.close();
      else c.enqueue(value);
    },
    cancel: (reason) => source.cancel(reason),
  });
  const onAbort = () => {
    source.cancel(signal.reason).catch(() => {});
    try {
      controller.error(signal.reason);
    } catch {
      // already closed
    }
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  return new Response(body, { status: response.status, headers: response.headers });
}

export function chatJson(text: string, usage = { prompt_tokens: 10, completion_tokens: 2 }) {
  return Response.json({
    id: "chatcmpl-up",
    object: "chat.completion",
    created: 1,
    model: "up-model",
    choices: [{
      index: 0,
      message: { role: "assistant", content: text },
      finish_reason: "stop",
    }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  });
}

export function errorJson(status: number, message: string, headers: Record<string, string> = {}) {
  return Response.json(
    { error: { message, type: status === 429 ? "rate_limit_error" : "server_error" } },
    { status, headers },
  );
}

export function chunkFrame(text: string): string {
  return `data: ${
    JSON.stringify({
      id: "chatcmpl-up",
      object: "chat.completion.chunk",
      created: 1,
      model: "up-model",
      choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
    })
  }\n\n`;
}

export const FINISH_FRAMES = `data: ${
  JSON.stringify({
    id: "chatcmpl-up",
    object: "chat.completion.chunk",
    created: 1,
    model: "up-model",
    choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
  })
}\n\ndata: [DONE]\n\n`;

/** An SSE response whose body is driven by the test: push frames, then end or fail it. */
export function controlledStream(): {
  response: Response;
  push(frame: string): void;
  end(): void;
  fail(): void;
  cancelled: Promise<void>;
} {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let onCancel!: () => void;
  const cancelled = new Promise<void>((resolve) => (onCancel = resolve));
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: () => onCancel(),
  });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { headers: { "content-type": "text/event-stream" } }),
    push: (frame) => controller.enqueue(encoder.encode(frame)),
    end: () => controller.close(),
    fail: () => controller.error(new TypeError("connection reset by peer")),
    cancelled,
  };
}

export function chatRequest(model: string, text: string, stream = false): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content: text }] }),
  };
}

export function post(path: string, init: RequestInit, headers: Record<string, string> = {}) {
  const merged = new Headers(init.headers);
  for (const [k, v] of Object.entries(headers)) merged.set(k, v);
  return new Request(`http://gateway.test${path}`, { ...init, headers: merged });
}

/** One Prometheus sample. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the text exposition format; throws on any line it does not understand. */
export function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/
      .exec(line);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    const labelText = m[2] ?? "";
    const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
    let at = 0;
    while (at < labelText.length) {
      pair.lastIndex = at;
      const p = pair.exec(labelText);
      if (!p) throw new Error(`bad labels: ${labelText}`);
      labels[p[1]] = p[2].replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
      at = pair.lastIndex;
    }
    const value = m[3] === "+Inf" ? Infinity : m[3] === "-Inf" ? -Infinity : Number(m[3]);
    if (Number.isNaN(value) && m[3] !== "NaN") throw new Error(`bad value: ${line}`);
    samples.push({ name: m[1], labels, value });
  }
  return { samples, types };
}

/** The value of the one sample matching name and (a subset of) labels; 0 when absent. */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  const found = samples.filter((s) =>
    s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  );
  return found.reduce((sum, s) => sum + s.value, 0);
}
