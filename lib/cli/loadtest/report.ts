/**
 * Results → what the user reads: a short table, or (`--json`) one object. With `--compare`,
 * both runs and their ratios (target / compare) and the latency the target adds.
 *
 * @module
 */
import type { Percentiles } from "./histogram.ts";
import type { LoadResult } from "./run_load.ts";

export interface Comparison {
  /** target / compare. */
  ratio: { rps: number; latency_p50: number; latency_p99: number; ttfb_p50: number };
  /** target − compare, in ms. */
  added_ms: { latency_p50: number; latency_p99: number; ttfb_p50: number; ttfb_p99: number };
}

export function compare(target: LoadResult, base: LoadResult): Comparison {
  const ratio = (a: number, b: number) => b === 0 ? 0 : Math.round((a / b) * 1000) / 1000;
  const added = (a: number, b: number) => Math.round((a - b) * 1000) / 1000;
  return {
    ratio: {
      rps: ratio(target.rps, base.rps),
      latency_p50: ratio(target.latency_ms.p50, base.latency_ms.p50),
      latency_p99: ratio(target.latency_ms.p99, base.latency_ms.p99),
      ttfb_p50: ratio(target.ttfb_ms.p50, base.ttfb_ms.p50),
    },
    added_ms: {
      latency_p50: added(target.latency_ms.p50, base.latency_ms.p50),
      latency_p99: added(target.latency_ms.p99, base.latency_ms.p99),
      ttfb_p50: added(target.ttfb_ms.p50, base.ttfb_ms.p50),
      ttfb_p99: added(target.ttfb_ms.p99, base.ttfb_ms.p99),
    },
  };
}

/** The `--json` object: the target's result, and with `--compare` the second run and ratios. */
export function jsonReport(target: LoadResult, base?: LoadResult): Record<string, unknown> {
  if (!base) return { ...target };
  return { ...target, compare: base, ...compare(target, base) };
}

export function textReport(title: string, target: LoadResult, base?: LoadResult): string {
  const lines = [title, ...resultLines(target)];
  if (base) {
    const { ratio, added_ms } = compare(target, base);
    lines.push("", `compare ${base.url}`, ...resultLines(base).slice(1), "");
    lines.push(
      `target / compare: req/s ${ratio.rps}×, latency p50 ${ratio.latency_p50}× (${
        signed(added_ms.latency_p50)
      } ms), p99 ${ratio.latency_p99}× (${signed(added_ms.latency_p99)} ms), ttfb p50 ${
        signed(added_ms.ttfb_p50)
      } ms`,
    );
  }
  return lines.join("\n");
}

function resultLines(r: LoadResult): string[] {
  const kinds = Object.entries(r.errors_by_kind).map(([kind, n]) => `${kind} ${n}`).join(", ");
  return [
    `target ${r.url}`,
    `  ${r.requests} requests in ${r.duration_s} s: ${r.ok} ok, ${r.errors} errors, ${r.rps} req/s`,
    `  ${"".padEnd(12)}${
      ["p50", "p90", "p99", "p99.9", "max"].map((h) => h.padStart(10)).join("")
    }`,
    row("latency ms", r.latency_ms),
    row("ttfb ms", r.ttfb_ms),
    ...(kinds ? [`  errors: ${kinds}`] : []),
  ];
}

function row(label: string, p: Percentiles): string {
  const cells = [p.p50, p.p90, p.p99, p.p999, p.max].map((v) => v.toFixed(2).padStart(10));
  return `  ${label.padEnd(12)}${cells.join("")}`;
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}
