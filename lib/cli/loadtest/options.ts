/**
 * `ferryllm loadtest` flags → one LoadPlan. A preset fills in a workload; flags given next to
 * it win. Without `--url` the built-in mock is started and loaded directly.
 *
 * @module
 */
import type { FlagValues } from "../command.ts";
import { intFlag, numberFlag, UsageError } from "../flag_checks.ts";
import { BODY_SIZES, type BodySize } from "./bodies.ts";
import { type ProtocolName, PROTOCOLS } from "./protocols.ts";

export interface LoadPlan {
  /** Server root; undefined starts the built-in mock. */
  url?: string;
  compareUrl?: string;
  protocol: ProtocolName;
  model: string;
  stream: boolean;
  body: BodySize;
  /** Stop after this many requests, or after `durationS` seconds (whichever is set). */
  requests?: number;
  durationS?: number;
  concurrency: number;
  /** Open loop: start this many requests per second, whatever the answers do. */
  rate?: number;
  warmup: number;
  timeoutMs: number;
  headers: Record<string, string>;
  apiKey: string;
  json: boolean;
  /** For the started mock. */
  mock: { chunks: number; chunkDelayMs: number };
}

interface Preset {
  protocol: ProtocolName;
  stream: boolean;
  body: BodySize;
  chunks: number;
  chunkDelayMs?: number;
  concurrency?: number;
  durationS?: number;
}

/** Named workloads; the ones the benchmark runs. */
export const PRESETS: Record<string, Preset> = {
  "chat": { protocol: "openai-chat", stream: false, body: "small", chunks: 20 },
  "chat-stream": { protocol: "openai-chat", stream: true, body: "small", chunks: 50 },
  "anthropic": { protocol: "anthropic", stream: false, body: "small", chunks: 20 },
  "anthropic-stream": {
    protocol: "anthropic",
    stream: true,
    body: "small",
    chunks: 50,
  },
  "claude-code": { protocol: "anthropic", stream: true, body: "claude-code", chunks: 50 },
  "slow-streams": {
    protocol: "openai-chat",
    stream: true,
    body: "small",
    chunks: 600,
    chunkDelayMs: 100,
    concurrency: 1000,
    durationS: 60,
  },
};

/** The flags, as main.ts's command table parses them. */
export const LOADTEST_FLAGS = {
  url: { type: "string", short: "u" },
  compare: { type: "string" },
  preset: { type: "string", short: "p" },
  protocol: { type: "string" },
  model: { type: "string", short: "m" },
  requests: { type: "string", short: "n" },
  duration: { type: "string", short: "d" },
  concurrency: { type: "string", short: "c" },
  rate: { type: "string", short: "r" },
  stream: { type: "boolean" },
  body: { type: "string" },
  warmup: { type: "string" },
  timeout: { type: "string" },
  header: { type: "string", short: "H", multiple: true },
  "api-key": { type: "string" },
  json: { type: "boolean", default: false },
  chunks: { type: "string" },
  "chunk-delay-ms": { type: "string" },
} as const;

export function parseLoadtestFlags(flags: FlagValues): LoadPlan {
  const values = flags as
    & {
      [K in Exclude<keyof typeof LOADTEST_FLAGS, "stream" | "json" | "header">]?: string;
    }
    & { stream?: boolean; json?: boolean; header?: string[] };
  const preset = values.preset === undefined ? undefined : PRESETS[values.preset];
  if (values.preset !== undefined && !preset) {
    throw new UsageError(
      `--preset must be one of ${Object.keys(PRESETS).join(", ")}, got "${values.preset}"`,
    );
  }
  const protocol = values.protocol ?? preset?.protocol ?? "openai-chat";
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new UsageError(`--protocol must be one of ${PROTOCOLS.join(", ")}, got "${protocol}"`);
  }
  const body = values.body ?? preset?.body ?? "small";
  if (!(BODY_SIZES as readonly string[]).includes(body)) {
    throw new UsageError(`--body must be one of ${BODY_SIZES.join(", ")}, got "${body}"`);
  }
  if (values.requests !== undefined && values.duration !== undefined) {
    throw new UsageError("give --requests or --duration, not both");
  }
  const durationS = values.duration !== undefined
    ? numberFlag("duration", values.duration, 0, 0.1, 86_400)
    : values.requests === undefined
    ? preset?.durationS
    : undefined;
  const requests = durationS === undefined
    ? intFlag("requests", values.requests, 1000, 1, 100_000_000)
    : undefined;
  return {
    url: values.url === undefined ? undefined : serverRoot("url", values.url),
    compareUrl: values.compare === undefined ? undefined : serverRoot("compare", values.compare),
    protocol: protocol as ProtocolName,
    model: values.model ?? "mock-model",
    stream: values.stream ?? preset?.stream ?? false,
    body: body as BodySize,
    requests,
    durationS,
    concurrency: intFlag("concurrency", values.concurrency, preset?.concurrency ?? 16, 1, 100_000),
    rate: values.rate === undefined ? undefined : numberFlag("rate", values.rate, 0, 0.01, 1e6),
    warmup: intFlag("warmup", values.warmup, 0, 0, 10_000_000),
    timeoutMs: numberFlag("timeout", values.timeout, 60, 0.001, 86_400) * 1000,
    headers: parseHeaders(values.header ?? []),
    apiKey: values["api-key"] ?? "loadtest",
    json: values.json === true,
    mock: {
      chunks: intFlag("chunks", values.chunks, preset?.chunks ?? 20, 1, 100_000),
      chunkDelayMs: intFlag("chunk-delay-ms", values["chunk-delay-ms"], preset?.chunkDelayMs ?? 0),
    },
  };
}

/** The server root, without a trailing slash. */
function serverRoot(flag: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--${flag} must be an http(s) URL, got "${text}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--${flag} must be an http(s) URL, got "${text}"`);
  }
  return url.href.replace(/\/+$/, "");
}

function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(":");
    if (at <= 0) throw new UsageError(`--header must be "Name: value", got "${line}"`);
    headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return headers;
}
