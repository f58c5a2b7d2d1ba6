/**
 * The JSON the page reads from `/ui/api/*`: the one definition of those shapes. The server's
 * modules (snapshot.ts, recent_requests.ts, provider_stats.ts, traffic_ring.ts, usage_source.ts,
 * pool_source.ts, route_explainer.ts) build their rows with these types, and the page reads
 * them, so the two cannot drift apart. Nothing here imports anything: the browser bundle stays
 * free of gateway code, and the server may import it without the DOM library.
 *
 * @module
 */

export interface Snapshot {
  now: number;
  status: {
    version: string;
    startedAt: number;
    uptimeSecs: number;
    ready: boolean;
    problems: string[];
    store?: StoreHealth;
    configSource: string;
    configLoadedAt?: number;
    reloadable: boolean;
    tracing: boolean;
  };
  traffic: { summary: TrafficSummary; series: TrafficSeries };
  providers: ProviderRow[];
  keys: { source: string; rows: KeyRow[] };
  recent: RecentRow[];
}

export interface StoreHealth {
  backend: string;
  ok: boolean;
  detail?: string;
}

export interface TrafficSummary {
  requests: number;
  errors: number;
  /** Requests per second over the window (or over the uptime when shorter). */
  ratePerSec: number;
  errorRatio: number;
  p50Ms?: number;
  p99Ms?: number;
  ttfbP50Ms?: number;
  ttfbP99Ms?: number;
}

/** Series in uPlot's column layout: seconds, then one value (or null) per second. */
export interface TrafficSeries {
  seconds: number[];
  requests: number[];
  errors: number[];
  p50: (number | null)[];
  p99: (number | null)[];
  ttfbP50: (number | null)[];
  ttfbP99: (number | null)[];
}

/** One provider × model: what this instance's records say about it. */
export interface ProviderModelRow {
  provider: string;
  model: string;
  requests: number;
  errors: Record<string, number>;
  errorCount: number;
  p50Ms?: number;
  p99Ms?: number;
  inputTokens: number;
  outputTokens: number;
  /** Cache-read input tokens over all input tokens; undefined before any input. */
  cacheHitRatio?: number;
  costUsd?: number;
}

/** A pool target (a provider and model a route spreads requests over) as this instance sees it. */
export interface PoolTargetState {
  provider: string;
  model: string;
  /** The routes (their `match`) that list this target. */
  routes: string[];
  state: "available" | "ejected";
  inFlight: number;
  /** Smoothed time to first byte, when known. */
  latencyMs?: number;
  /** How many times it was ejected since start. */
  ejections: number;
}

/** A provider table row: the records' figures plus the provider's live state. */
export interface ProviderRow extends ProviderModelRow {
  type?: string;
  breaker: string;
  breakerFailures: number;
  pool?: PoolTargetState;
}

export interface KeyRow {
  /** The key's name, or its short hash when it has none. */
  key: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd?: number;
  /** The period the figures cover, e.g. "this month (UTC)". */
  period?: string;
  /** One line per budget the key has (a key may have a daily and a monthly one). */
  budgets?: BudgetLine[];
}

export interface BudgetLine {
  /** "USD per day", "USD per month", "tokens per day". */
  label: string;
  unit: "usd" | "tokens";
  limit: number;
  used: number;
}

/** One recent request as metadata: never prompt or completion text. */
export interface RecentRow {
  at: number;
  requestId: string;
  key?: string;
  entry: string;
  clientModel?: string;
  provider?: string;
  upstreamModel?: string;
  stream: boolean;
  status: number;
  errorKind?: string;
  attempts: number;
  totalMs?: number;
  firstByteMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  warnings: string[];
  traceId?: string;
}

export interface RouteAnswer {
  matched: boolean;
  /** The route's `match` and how it matched. */
  route?: string;
  matchType?: string;
  provider?: string;
  providerType?: string;
  upstreamModel?: string;
  fallbacks: string[];
  /** Plain-language notes: why this route, what features changed nothing. */
  notes: string[];
}
