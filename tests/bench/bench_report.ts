/**
 * Benchmark figures → a console table, the markdown section of docs/performance.md, and an SVG
 * chart (req/s and added latency per workload).
 *
 * @module
 */
import type { LoadJson } from "./bench_processes.ts";

export interface Row {
  name: string;
  direct: LoadJson;
  floor: LoadJson & { cpuPer10k: number };
  gateway: LoadJson & { cpuPer10k: number };
}

export interface Target {
  what: string;
  goal: string;
  measured: string;
  met: boolean;
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

/** Latency the target adds over going to the mock directly, in ms. */
export function added(row: Row, who: "floor" | "gateway", metric: "latency_ms" | "ttfb_ms") {
  return {
    p50: row[who][metric].p50 - row.direct[metric].p50,
    p99: row[who][metric].p99 - row.direct[metric].p99,
  };
}

export function markdownTable(rows: Row[]): string {
  const head = [
    "| workload | direct req/s | floor req/s | ferryllm req/s | ferryllm / floor | CPU s per 10k: floor | ferryllm | CPU ratio | added p50 ms: floor | ferryllm | errors |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const lines = rows.map((r) =>
    `| ${r.name} | ${f1(r.direct.rps)} | ${f1(r.floor.rps)} | ${f1(r.gateway.rps)} | ${
      f2(r.gateway.rps / r.floor.rps)
    }× | ${f2(r.floor.cpuPer10k)} | ${f2(r.gateway.cpuPer10k)} | ${
      f2(r.gateway.cpuPer10k / r.floor.cpuPer10k)
    }× | ${f2(added(r, "floor", "latency_ms").p50)} | ${
      f2(added(r, "gateway", "latency_ms").p50)
    } | ${r.direct.errors + r.floor.errors + r.gateway.errors} |`
  );
  return [...head, ...lines].join("\n");
}

export function targetsTable(targets: Target[]): string {
  return [
    "| target | goal | measured | |",
    "|---|---|---|---|",
    ...targets.map((t) =>
      `| ${t.what} | ${t.goal} | ${t.measured} | ${t.met ? "met" : "**not met**"} |`
    ),
  ].join("\n");
}

/** Two panels: req/s of direct, floor and ferryllm; and the p50 latency each adds. */
export function svgChart(rows: Row[]): string {
  const rowHeight = 54;
  const top = 40;
  const labelWidth = 250;
  const panelWidth = 300;
  const height = top + rows.length * rowHeight + 40;
  const width = labelWidth + panelWidth * 2 + 80;
  const maxRps = Math.max(...rows.flatMap((r) => [r.direct.rps, r.floor.rps, r.gateway.rps]));
  const maxAdded = Math.max(
    0.1,
    ...rows.flatMap((
      r,
    ) => [added(r, "floor", "latency_ms").p50, added(r, "gateway", "latency_ms").p50]),
  );
  const colors = { direct: "#9aa5b1", floor: "#4c78a8", gateway: "#f58518" };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${labelWidth}" y="20" font-weight="bold">req/s (longer is better)</text>`,
    `<text x="${
      labelWidth + panelWidth + 40
    }" y="20" font-weight="bold">added p50 latency, ms (shorter is better)</text>`,
  ];
  rows.forEach((r, i) => {
    const y = top + i * rowHeight;
    parts.push(`<text x="4" y="${y + 24}">${escape(r.name)}</text>`);
    (["direct", "floor", "gateway"] as const).forEach((who, j) => {
      const w = (r[who].rps / maxRps) * (panelWidth - 60);
      const by = y + j * 15;
      parts.push(
        `<rect x="${labelWidth}" y="${by}" width="${w.toFixed(1)}" height="12" fill="${
          colors[who]
        }"/>`,
        `<text x="${labelWidth + w + 4}" y="${by + 10}">${f1(r[who].rps)}</text>`,
      );
    });
    (["floor", "gateway"] as const).forEach((who, j) => {
      const value = Math.max(0, added(r, who, "latency_ms").p50);
      const w = (value / maxAdded) * (panelWidth - 60);
      const x = labelWidth + panelWidth + 40;
      const by = y + (j + 1) * 15;
      parts.push(
        `<rect x="${x}" y="${by}" width="${w.toFixed(1)}" height="12" fill="${colors[who]}"/>`,
        `<text x="${x + w + 4}" y="${by + 10}">${f2(value)}</text>`,
      );
    });
  });
  const ly = height - 16;
  (["direct", "floor", "gateway"] as const).forEach((who, j) => {
    const x = labelWidth + j * 160;
    const label = who === "gateway"
      ? "ferryllm"
      : who === "floor"
      ? "floor (bare proxy)"
      : "direct to mock";
    parts.push(
      `<rect x="${x}" y="${ly - 10}" width="12" height="12" fill="${colors[who]}"/>`,
      `<text x="${x + 16}" y="${ly}">${label}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

/** Replaces the generated section of docs/performance.md, keeping the hand-written rest. */
export function replaceSection(document: string, section: string): string {
  const block = `${START}\n${section}\n${END}`;
  const from = document.indexOf(START);
  const to = document.indexOf(END);
  if (from < 0 || to < 0) return `${document.trimEnd()}\n\n${block}\n`;
  return document.slice(0, from) + block + document.slice(to + END.length);
}
