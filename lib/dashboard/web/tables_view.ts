/**
 * The three tables: provider × model, usage per key, and the last 200 requests. Plain HTML
 * tables with captions and column headers, so screen readers announce each cell's column.
 *
 * @module
 */
import { html } from "htm/preact";
import { clock, count, ms, NONE, ratio, usd } from "./format.ts";
import type { KeyRow, ProviderRow, RecentRow, Snapshot } from "./types.ts";

export function ProvidersView({ snapshot }: { snapshot: Snapshot }) {
  return html`
    <section id="providers" aria-labelledby="providers-h">
      <h2 id="providers-h">Providers and models</h2>
      <div class="scroll" tabindex="0" role="region" aria-labelledby="providers-h">
        <table data-testid="providers-table">
          <caption>Since the gateway started. Latency is the whole request, retries included.</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Model</th>
              <th scope="col">Requests</th>
              <th scope="col">Errors by kind</th>
              <th scope="col">p50</th>
              <th scope="col">p99</th>
              <th scope="col">Tokens in</th>
              <th scope="col">Tokens out</th>
              <th scope="col">Cache hits</th>
              <th scope="col">Cost</th>
              <th scope="col">Breaker</th>
              <th scope="col">Pool</th>
            </tr>
          </thead>
          <tbody>${snapshot.providers.map(providerRow)}</tbody>
        </table>
      </div>
    </section>
  `;
}

function providerRow(row: ProviderRow) {
  const errors = Object.entries(row.errors).map(([kind, n]) => `${kind} ${n}`).join(", ");
  const pool = row.pool
    ? `${row.pool.state}, ${row.pool.inFlight} in flight, ttfb ${
      ms(row.pool.latencyMs)
    }, ejected ${row.pool.ejections}×`
    : NONE;
  return html`
    <tr data-provider=${row.provider} data-model=${row.model}>
      <th scope="row">${row.provider}${row.type
        ? html`
          <span class="muted tag">${row.type}</span>
        `
        : ""}</th>
      <td>${row.model || NONE}</td>
      <td class="num" data-col="requests">${count(row.requests)}</td>
      <td>${errors || (row.requests > 0 ? "none" : NONE)}</td>
      <td class="num">${ms(row.p50Ms)}</td>
      <td class="num">${ms(row.p99Ms)}</td>
      <td class="num">${count(row.inputTokens)}</td>
      <td class="num">${count(row.outputTokens)}</td>
      <td class="num">${ratio(row.cacheHitRatio)}</td>
      <td class="num">${usd(row.costUsd)}</td>
      <td class=${`breaker-${row.breaker}`}>${row.breaker}${row.breakerFailures > 0
        ? ` (${row.breakerFailures} failures)`
        : ""}</td>
      <td>${pool}</td>
    </tr>
  `;
}

export function KeysView({ snapshot }: { snapshot: Snapshot }) {
  const rows = snapshot.keys.rows;
  return html`
    <section id="keys" aria-labelledby="keys-h">
      <h2 id="keys-h">Usage and budget per key</h2>
      <div class="scroll" tabindex="0" role="region" aria-labelledby="keys-h">
        <table data-testid="keys-table">
          <caption>${snapshot.keys.source}.</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Requests</th>
              <th scope="col">Tokens in</th>
              <th scope="col">Tokens out</th>
              <th scope="col">Cost</th>
              <th scope="col">Budgets (what is left)</th>
            </tr>
          </thead>
          <tbody>${rows.length === 0
            ? html`
              <tr>
                <td colspan="6">No requests yet.</td>
              </tr>
            `
            : rows.map(keyRow)}</tbody>
        </table>
      </div>
    </section>
  `;
}

function keyRow(row: KeyRow) {
  const budgets = row.budgets ?? [];
  return html`
    <tr data-key=${row.key}>
      <th scope="row">${row.key}</th>
      <td class="num">${count(row.requests)}</td>
      <td class="num">${count(row.inputTokens)}</td>
      <td class="num">${count(row.outputTokens)}</td>
      <td class="num">${usd(row.costUsd)}</td>
      <td>${budgets.length === 0 ? NONE : budgets.map((b) => budgetLine(row.key, b))}</td>
    </tr>
  `;
}

/** "USD per day: $0.12 of $5 used, $4.88 left" with a meter of what is left. */
function budgetLine(key: string, b: NonNullable<KeyRow["budgets"]>[number]) {
  const amount = (n: number) => (b.unit === "usd" ? usd(n) : `${count(n)} tokens`);
  const left = b.limit - b.used;
  return html`
    <div class="budget">
      <meter min="0" max=${b.limit} value=${Math.max(0, left)} low=${b.limit * 0.2}
        optimum=${b.limit} aria-label=${`${key}: ${b.label}, left`}></meter>
      <span>${b.label}: ${amount(b.used)} of ${amount(b.limit)} used, ${amount(left)} left</span>
    </div>
  `;
}

export function RecentView({ snapshot }: { snapshot: Snapshot }) {
  return html`
    <section id="recent" aria-labelledby="recent-h">
      <h2 id="recent-h">Recent requests</h2>
      <div class="scroll tall" tabindex="0" role="region" aria-labelledby="recent-h">
        <table data-testid="recent-table">
          <caption>The last 200, newest first. Metadata only: no prompt or completion text is kept.</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Key</th>
              <th scope="col">Protocol</th>
              <th scope="col">Client model</th>
              <th scope="col">Provider → model</th>
              <th scope="col">Status</th>
              <th scope="col">Latency</th>
              <th scope="col">First byte</th>
              <th scope="col">Tokens in/out</th>
              <th scope="col">Warnings</th>
            </tr>
          </thead>
          <tbody>${snapshot.recent.length === 0
            ? html`
              <tr>
                <td colspan="10">No requests yet.</td>
              </tr>
            `
            : snapshot.recent.map(recentRow)}</tbody>
        </table>
      </div>
    </section>
  `;
}

function recentRow(row: RecentRow) {
  const failed = row.status >= 400 || row.errorKind !== undefined;
  return html`
    <tr data-request-id=${row.requestId} title=${row.requestId}>
      <td>${clock(row.at)}</td>
      <td>${row.key ?? NONE}</td>
      <td>${row.entry}${row.stream ? " (stream)" : ""}</td>
      <td>${row.clientModel ?? NONE}</td>
      <td>${row.provider ? `${row.provider} → ${row.upstreamModel ?? ""}` : NONE}</td>
      <td class=${failed ? "bad" : "good"}>${row.status}${row.errorKind
        ? ` ${row.errorKind}`
        : ""}${row.attempts > 1 ? ` (${row.attempts} tries)` : ""}</td>
      <td class="num">${ms(row.totalMs)}</td>
      <td class="num">${ms(row.firstByteMs)}</td>
      <td class="num">${count(row.inputTokens)} / ${count(row.outputTokens)}</td>
      <td>${row.warnings.length ? row.warnings.join("; ") : NONE}</td>
    </tr>
  `;
}
