/**
 * The workloads and targets: what the benchmark runs, and each target's goal, measured
 * figure and verdict from one run's rows.
 *
 * @module
 */
import type { LoadJson } from "./bench_processes.ts";
import { added, type Row, type Target } from "./bench_report.ts";

export interface Workload {
  name: string;
  /** What the gateway's clients speak; the floor and direct runs speak OpenAI (the upstream). */
  protocol: "openai-chat" | "anthropic";
  stream: boolean;
  body: "small" | "claude-code";
  concurrency: number;
}

export const WORKLOADS: Workload[] = [
  {
    name: "OpenAI JSON, c=64",
    protocol: "openai-chat",
    stream: false,
    body: "small",
    concurrency: 64,
  },
  {
    name: "OpenAI stream 50 chunks, c=64",
    protocol: "openai-chat",
    stream: true,
    body: "small",
    concurrency: 64,
  },
  {
    name: "Anthropic→OpenAI JSON, c=64",
    protocol: "anthropic",
    stream: false,
    body: "small",
    concurrency: 64,
  },
  {
    name: "Anthropic→OpenAI stream 50, c=64",
    protocol: "anthropic",
    stream: true,
    body: "small",
    concurrency: 64,
  },
  {
    name: "Claude-Code-sized (210 KB), stream, c=16",
    protocol: "anthropic",
    stream: true,
    body: "claude-code",
    concurrency: 16,
  },
  {
    name: "Anthropic→OpenAI JSON, c=1",
    protocol: "anthropic",
    stream: false,
    body: "small",
    concurrency: 1,
  },
  {
    name: "Anthropic→OpenAI stream 50, c=1",
    protocol: "anthropic",
    stream: true,
    body: "small",
    concurrency: 1,
  },
];

export interface SlowRun {
  result: LoadJson;
  peakRss: number;
  seconds: number;
}

export interface Startup {
  readyMs: number;
  idleRss: number;
}

/** Rows in WORKLOADS order → the targets. */
export function targets(
  rows: Row[],
  slow: SlowRun,
  start: Startup,
  binary: Startup | undefined,
): Target[] {
  const [, stream, anJson, anStream, claudeCode, c1Json, c1Stream] = rows;
  const cpuRatio = stream.gateway.cpuPer10k / stream.floor.cpuPer10k;
  const translateRatio = anStream.gateway.cpuPer10k / stream.gateway.cpuPer10k;
  const latency = added(c1Json, "gateway", "latency_ms");
  const ttfb = added(c1Stream, "gateway", "ttfb_ms");
  const ratio = (r: Row) => r.gateway.rps / r.floor.rps;
  const x = (n: number) => `${n.toFixed(2)}×`;
  const ms = (n: number, digits = 2) => `${n.toFixed(digits)} ms`;
  const mb = (n: number) => `${n.toFixed(0)} MB`;
  const t = (what: string, goal: string, measured: string, met: boolean): Target => ({
    what,
    goal,
    measured,
    met,
  });
  const startupTargets = (label: string, s: Startup) => [
    t(`idle RSS (${label})`, "< 60 MB", mb(s.idleRss), s.idleRss < 60),
    t(`spawn → /readyz 200 (${label})`, "< 150 ms", ms(s.readyMs, 0), s.readyMs < 150),
  ];
  return [
    t("OpenAI stream, CPU per stream vs floor", "≤ 2×", x(cpuRatio), cpuRatio <= 2),
    t("OpenAI stream, streams/s vs floor", "≥ 0.5×", x(ratio(stream)), ratio(stream) >= 0.5),
    t(
      "Anthropic→OpenAI stream CPU vs OpenAI→OpenAI",
      "≤ 1.3×",
      x(translateRatio),
      translateRatio <= 1.3,
    ),
    t(
      "Anthropic→OpenAI small JSON req/s vs floor",
      "≥ 0.8×",
      x(ratio(anJson)),
      ratio(anJson) >= 0.8,
    ),
    t("added latency c=1, p50", "≤ 0.4 ms", ms(latency.p50), latency.p50 <= 0.4),
    t("added latency c=1, p99", "≤ 2 ms", ms(latency.p99), latency.p99 <= 2),
    t("added time to first byte, stream c=1, p50", "≤ 0.5 ms", ms(ttfb.p50), ttfb.p50 <= 0.5),
    t(
      `1,000 slow streams (${slow.seconds} s), peak RSS`,
      "< 200 MB",
      mb(slow.peakRss),
      slow.peakRss < 200,
    ),
    t(
      "1,000 slow streams, errors",
      "0",
      `${slow.result.errors} of ${slow.result.requests}`,
      slow.result.errors === 0 && slow.result.requests > 0,
    ),
    ...startupTargets("deno run", start),
    ...(binary ? startupTargets("single binary", binary) : []),
    t(
      "Claude-Code-sized requests req/s vs floor",
      "≥ 0.6×",
      x(ratio(claudeCode)),
      ratio(claudeCode) >= 0.6,
    ),
  ];
}
