/**
 * The progress bar, drawn on stderr only when stderr is a terminal: piped output and `--json` on
 * stdout stay clean. Redrawn on a timer, never per request, so drawing does not slow the load down.
 *
 * Hand-written rather than `cli-progress`: that package is CommonJS that `require`s Node
 * built-ins, which makes `deno bundle` emit a `createRequire(import.meta.url)` that fails when the
 * bundle runs from an http URL (`deno run <url>`). One line redrawn with `\r` is all we need.
 *
 * @module
 */
import process from "node:process";
import type { Progress } from "./run_load.ts";

export interface ProgressBar extends Progress {
  stop(): void;
}

const BAR_WIDTH = 30;

/** One line of the bar: `label [#######-------]  25% | 50/200 requests`. Pure, for tests. */
export function renderProgress(label: string, value: number, total: number, unit: string): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, value / total)) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
  const percent = String(Math.floor(fraction * 100)).padStart(3);
  return `${label} [${bar}] ${percent}% | ${value}/${total} ${unit}`;
}

/** A bar over `total` requests, or over `seconds` of a timed run. */
export function progressBar(
  label: string,
  total: number | undefined,
  seconds?: number,
): ProgressBar {
  const byTime = total === undefined;
  const goal = byTime ? Math.ceil(seconds ?? 0) : total;
  const started = performance.now();
  let done = 0;
  const draw = () => {
    const value = byTime ? Math.floor((performance.now() - started) / 1000) : done;
    const unit = byTime ? `s | ${done} requests` : "requests";
    process.stderr.write(`\r${renderProgress(label, value, goal, unit)}`);
  };
  draw();
  const timer = setInterval(draw, 100);
  return {
    update: (n) => {
      done = n;
    },
    stop: () => {
      clearInterval(timer);
      process.stderr.write("\r\x1b[2K"); // clear the line: the report follows
    },
  };
}

/** No bar: quiet when piped. */
export const NO_PROGRESS: ProgressBar = { update: () => {}, stop: () => {} };
