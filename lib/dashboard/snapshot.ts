/**
 * What the dashboard page polls once a second: status, traffic over 15 minutes, the provider ×
 * model table, usage per key and the recent requests. Metadata only.
 *
 * @module
 */
import type { GatewayDeps } from "../server/deps.ts";
import { readBreaker } from "../server/resilience/circuit_breaker.ts";
import { readinessProblems } from "../server/endpoints/health.ts";
import { VERSION } from "../version.ts";
import type { GatewayControl } from "./gateway_control.ts";
import type { PoolStateSource } from "./pool_source.ts";
import type { ProviderStats } from "./provider_stats.ts";
import type { RecentRequests } from "./recent_requests.ts";
import type { TrafficRing } from "./traffic_ring.ts";
import type { UsageSource } from "./usage_source.ts";
import type { Snapshot as DashboardSnapshot, StoreHealth } from "./web/types.ts";

/** The one snapshot shape, shared with the page. */
export type { DashboardSnapshot, StoreHealth };

export interface SnapshotParts {
  deps: Pick<GatewayDeps, "runtime" | "now" | "store">;
  startedAt: number;
  draining: () => boolean;
  control?: GatewayControl;
  traffic: TrafficRing;
  providers: ProviderStats;
  recent: RecentRequests;
  usage: UsageSource;
  pools?: PoolStateSource;
  tracing: () => boolean;
}

export async function buildSnapshot(parts: SnapshotParts): Promise<DashboardSnapshot> {
  const now = parts.deps.now();
  const runtime = parts.deps.runtime();
  const problems = readinessProblems(runtime, parts.draining());
  const [providers, keys, store] = await Promise.all([
    providerRows(parts, now),
    parts.usage.keys(),
    storeHealth(parts.deps.store),
  ]);
  return {
    now,
    status: {
      version: VERSION,
      startedAt: parts.startedAt,
      uptimeSecs: Math.floor((now - parts.startedAt) / 1000),
      ready: problems.length === 0,
      problems,
      store,
      configSource: runtime.loaded.source,
      configLoadedAt: parts.control?.configLoadedAt?.(),
      reloadable: parts.control?.reload !== undefined,
      tracing: parts.tracing(),
    },
    traffic: { summary: parts.traffic.summary(now), series: parts.traffic.series(now) },
    providers,
    keys: { source: parts.usage.description, rows: keys },
    recent: parts.recent.list(),
  };
}

/** Every configured provider and pool target appears, with blank figures until it has traffic. */
async function providerRows(parts: SnapshotParts, now: number) {
  const runtime = parts.deps.runtime();
  const pools = await parts.pools?.().catch(() => []) ?? [];
  const poolOf = new Map(pools.map((p) => [`${p.provider}\u0000${p.model}`, p]));
  const rows = parts.providers.rows();
  const seen = new Set(rows.map((r) => `${r.provider}\u0000${r.model}`));
  const seenProviders = new Set(rows.map((r) => r.provider));
  const idle = [
    ...pools.map((p) => ({ provider: p.provider, model: p.model })),
    ...[...runtime.providers.keys()].map((provider) => ({ provider, model: "" })),
  ];
  for (const { provider, model } of idle) {
    const id = `${provider}\u0000${model}`;
    if (seen.has(id) || (model === "" && seenProviders.has(provider))) continue;
    seen.add(id);
    seenProviders.add(provider);
    rows.push({
      provider,
      model,
      requests: 0,
      errors: {},
      errorCount: 0,
      inputTokens: 0,
      outputTokens: 0,
    });
  }
  const breakerOn = runtime.config.server.circuit_breaker_failures !== undefined;
  const sorted = rows.sort((a, b) =>
    a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model)
  );
  return await Promise.all(sorted.map(async (row) => {
    const breaker = breakerOn
      ? await readBreaker(parts.deps.store, row.provider, now).catch(() => undefined)
      : undefined;
    return {
      ...row,
      type: runtime.providers.get(row.provider)?.type,
      breaker: breaker?.state ?? (breakerOn ? "unknown" : "off"),
      breakerFailures: breaker?.failures ?? 0,
      pool: poolOf.get(`${row.provider}\u0000${row.model}`),
    };
  }));
}

/** What a shared store's `health()` may report (Redis behind the guarded store). */
interface ReportedHealth {
  backend?: string;
  available?: boolean;
  ok?: boolean;
  onUnavailable?: string;
}

/** A shared store (Redis) may report its health; the in-memory store is always fine. */
async function storeHealth(store: unknown): Promise<StoreHealth | undefined> {
  const health = (store as { health?: () => Promise<ReportedHealth> }).health;
  if (typeof health !== "function") return { backend: "memory", ok: true };
  try {
    const reported = await health.call(store);
    const ok = reported.available ?? reported.ok ?? false;
    return {
      backend: reported.backend ?? "shared",
      ok,
      detail: ok || !reported.onUnavailable ? undefined : `down, ${reported.onUnavailable}`,
    };
  } catch (error) {
    return { backend: "shared", ok: false, detail: String(error) };
  }
}
