/**
 * Status and traffic: version, uptime, readiness, shared store, config file, and the 15-minute
 * request/error rate and latency figures with their charts.
 *
 * @module
 */
import { html } from "htm/preact";
import { useMemo } from "preact/hooks";
import { Chart } from "./chart.ts";
import { count, dateTime, duration, ms, rate, ratio } from "./format.ts";
import type { Snapshot } from "./types.ts";

export function StatusView({ snapshot }: { snapshot: Snapshot }) {
  const s = snapshot.status;
  return html`
    <section id="status" aria-labelledby="status-h">
      <h2 id="status-h">Status</h2>
      <dl class="facts">
          <div><dt>Version</dt><dd data-testid="version">${s.version}</dd></div>
          <div><dt>Uptime</dt><dd>${duration(s.uptimeSecs)}</dd></div>
          <div><dt>Readiness</dt><dd data-testid="readiness" class=${s.ready ? "good" : "bad"}>
            ${s.ready ? "ready" : `not ready: ${s.problems.join("; ")}`}</dd></div>
          ${s.store &&
            html`
              <div>
                <dt>State store</dt>
                <dd class=${s.store.ok ? "good" : "bad"}>
                      ${s.store.backend}${s.store.ok
                        ? " (ok)"
                        : ` (failing${s.store.detail ? `: ${s.store.detail}` : ""})`}</dd>
              </div>
            `}
          <div><dt>Config</dt><dd><code>${s.configSource}</code></dd></div>
          <div><dt>Loaded</dt><dd data-testid="loaded-at">${dateTime(s.configLoadedAt)}</dd></div>
          <div><dt>Traces</dt><dd>${s.tracing ? "exporting (OTLP)" : "off"}</dd></div>
        </dl>
    </section>
  `;
}

export function TrafficView({ snapshot }: { snapshot: Snapshot }) {
  const t = snapshot.traffic;
  const sum = t.summary;
  const requests = useMemo(
    () => [t.series.seconds, t.series.requests, t.series.errors],
    [snapshot],
  );
  const latency = useMemo(() => [t.series.seconds, t.series.p50, t.series.p99], [snapshot]);
  const firstByte = useMemo(
    () => [t.series.seconds, t.series.ttfbP50, t.series.ttfbP99],
    [snapshot],
  );
  const perSec = (v: number | null) => (v === null ? "" : rate(v));
  return html`
    <section id="traffic" aria-labelledby="traffic-h">
      <h2 id="traffic-h">Traffic, last 15 minutes</h2>
      <dl class="tiles">
        <div>
          <dt>Requests</dt>
          <dd data-testid="requests-total">${count(sum.requests)}</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd data-testid="request-rate">${rate(sum.ratePerSec)} /s</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd data-testid="error-rate">${count(sum.errors)} (${ratio(sum.errorRatio)})</dd>
        </div>
        <div>
          <dt>Latency p50 / p99</dt>
          <dd>${ms(sum.p50Ms)} / ${ms(sum.p99Ms)}</dd>
        </div>
        <div>
          <dt>First byte p50 / p99</dt>
          <dd>${ms(sum.ttfbP50Ms)} / ${ms(sum.ttfbP99Ms)}</dd>
        </div>
      </dl>
      <div class="charts">
        <${Chart} id="rate" title="Requests and errors per second" data=${requests}
          series=${[
            { label: "requests", color: "--chart-1", unit: perSec },
            { label: "errors", color: "--chart-bad", unit: perSec },
          ]} />
        <${Chart} id="latency" title="Latency p50 and p99" data=${latency} series=${[
          { label: "p50", color: "--chart-1", unit: ms },
          { label: "p99", color: "--chart-2", unit: ms },
        ]} />
        <${Chart} id="ttfb" title="Time to first byte p50 and p99" data=${firstByte}
          series=${[
            { label: "p50", color: "--chart-1", unit: ms },
            { label: "p99", color: "--chart-2", unit: ms },
          ]} />
      </div>
    </section>
  `;
}
