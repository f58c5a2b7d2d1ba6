/**
 * Drives load against one target. Closed loop: `concurrency` workers, each sending its next
 * request when the last one ends. Open loop (`rate`): requests start on a fixed schedule however
 * slow the answers are, and each is timed from when it was due, so a stalled server shows in the
 * percentiles instead of hiding by slowing the load (no coordinated omission); `concurrency`
 * then caps the requests in flight.
 *
 * @module
 */
import { latencyHistogram, type Percentiles } from "./histogram.ts";
import type { Outcome } from "./one_request.ts";

/** The `--json` object, field names as documented. */
export interface LoadResult {
  url: string;
  requests: number;
  ok: number;
  errors: number;
  duration_s: number;
  /** Successful requests per second. */
  rps: number;
  latency_ms: Percentiles;
  ttfb_ms: Percentiles;
  errors_by_kind: Record<string, number>;
}

export interface LoadShape {
  requests?: number;
  durationS?: number;
  concurrency: number;
  rate?: number;
}

/** Sends one request whose clock started at `startedAt` (performance.now()). */
export type Send = (startedAt: number) => Promise<Outcome>;

export interface Progress {
  /** Called as requests finish; cheap, the caller throttles drawing. */
  update(done: number): void;
}

export async function runLoad(
  url: string,
  shape: LoadShape,
  send: Send,
  progress?: Progress,
): Promise<LoadResult> {
  const latency = latencyHistogram();
  const ttfb = latencyHistogram();
  const errorsByKind: Record<string, number> = {};
  let done = 0;
  const record = (outcome: Outcome) => {
    done++;
    if (outcome.ok) {
      latency.record(outcome.totalMs);
      ttfb.record(outcome.ttfbMs);
    } else {
      errorsByKind[outcome.kind] = (errorsByKind[outcome.kind] ?? 0) + 1;
    }
    progress?.update(done);
  };
  const started = performance.now();
  const deadline = shape.durationS === undefined ? Infinity : started + shape.durationS * 1000;
  const budget = shape.requests ?? Infinity;
  if (shape.rate === undefined) {
    await closedLoop(shape.concurrency, budget, deadline, send, record);
  } else {
    await openLoop(shape.rate, shape.concurrency, budget, deadline, send, record, started);
  }
  const seconds = (performance.now() - started) / 1000;
  const ok = latency.count();
  return {
    url,
    requests: done,
    ok,
    errors: done - ok,
    duration_s: round(seconds, 3),
    rps: round(ok / seconds, 1),
    latency_ms: latency.percentiles(),
    ttfb_ms: ttfb.percentiles(),
    errors_by_kind: errorsByKind,
  };
}

async function closedLoop(
  concurrency: number,
  budget: number,
  deadline: number,
  send: Send,
  record: (outcome: Outcome) => void,
): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < budget && performance.now() < deadline) {
      started++;
      record(await send(performance.now()));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, budget) }, worker));
}

async function openLoop(
  rate: number,
  cap: number,
  budget: number,
  deadline: number,
  send: Send,
  record: (outcome: Outcome) => void,
  started: number,
): Promise<void> {
  const interval = 1000 / rate;
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < budget; i++) {
    const due = started + i * interval;
    if (due >= deadline) break;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // At the cap, the next request waits for a slot; its clock is already running.
    while (inFlight.size >= cap) await Promise.race(inFlight);
    const request: Promise<void> = send(due).then(record).finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.all(inFlight);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
