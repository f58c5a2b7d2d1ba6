/**
 * The progress bar, drawn with cli-progress on stderr, only when stderr is a terminal: piped
 * output and `--json` on stdout stay clean. Redrawn on a timer, never per request, so drawing
 * does not slow the load down.
 *
 * @module
 */
import { Presets, SingleBar } from "cli-progress";
import process from "node:process";
import type { Progress } from "./run_load.ts";

export interface ProgressBar extends Progress {
  stop(): void;
}

/** A bar over `total` requests, or over `seconds` of a timed run. */
export function progressBar(
  label: string,
  total: number | undefined,
  seconds?: number,
): ProgressBar {
  const byTime = total === undefined;
  const bar = new SingleBar({
    format: byTime
      ? `${label} {bar} {percentage}% | {value}/{total} s | {done} requests`
      : `${label} {bar} {percentage}% | {value}/{total} requests | {eta}s left`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
  }, Presets.shades_classic);
  const started = performance.now();
  let done = 0;
  bar.start(byTime ? Math.ceil(seconds ?? 0) : total, 0, { done: 0 });
  const timer = setInterval(() => {
    const value = byTime ? Math.floor((performance.now() - started) / 1000) : done;
    bar.update(value, { done });
  }, 100);
  return {
    update: (n) => {
      done = n;
    },
    stop: () => {
      clearInterval(timer);
      bar.stop();
    },
  };
}

/** No bar: quiet when piped. */
export const NO_PROGRESS: ProgressBar = { update: () => {}, stop: () => {} };
