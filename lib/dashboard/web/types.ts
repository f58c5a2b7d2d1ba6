/**
 * The JSON the page reads from `/ui/api/*`, as the page sees it. Kept apart from the server's
 * modules so the browser bundle imports nothing from the gateway; tests/dashboard/web_types_test.ts
 * fails the type check when the server's shapes stop fitting these.
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
    store?: { backend: string; ok: boolean; detail?: string };
    configSource: string;
    configLoadedAt?: number;
    reloadable: boolean;
    tracing: boolean;
  };
  traffic: {
    summary: {
      requests: number;
      errors: number;
      ratePerSec: number;
      errorRatio: number;
      p50Ms?: number;
      p99Ms?: number;
      ttfbP50Ms?: number;
      ttfbP99Ms?: number;
    };
    series: {
      seconds: number[];
      requests: number[];
      errors: number[];
      p50: (number | null)[];
      p99: (number | null)[];
      ttfbP50: (number | null)[];
      ttfbP99: (number | null)[];
    };
  };
  providers: ProviderRow[];
  keys: { source: string; rows: KeyRow[] };
  recent: RecentRow[];
}

export interface ProviderRow {
  provider: string;
  type?: string;
  model: string;
  requests: number;
  errors: Record<string, number>;
  errorCount: number;
  p50Ms?: number;
  p99Ms?: number;
  inputTokens: number;
  outputTokens: number;
  cacheHitRatio?: number;
  costUsd?: number;
  breaker: string;
  breakerFailures: number;
  pool?: {
    routes: string[];
    state: "available" | "ejected";
    inFlight: number;
    latencyMs?: number;
    ejections: number;
  };
}

export interface KeyRow {
  key: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd?: number;
  period?: string;
  budgets?: { label: string; unit: "usd" | "tokens"; limit: number; used: number }[];
}

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
  route?: string;
  matchType?: string;
  provider?: string;
  providerType?: string;
  upstreamModel?: string;
  fallbacks: string[];
  notes: string[];
}
