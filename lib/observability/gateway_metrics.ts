/**
 * The gateway's metric families, fed by finished request records and by operational events.
 * Every label value is bounded: entries and providers come from fixed lists or the config,
 * models go through `modelLabeler`, error kinds are the IR's closed set.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import { Counter, DerivedGauge, Gauge, Histogram, Registry } from "./metrics.ts";
import { modelLabeler } from "./model_label.ts";
import type { OpsEvent } from "./ops_event.ts";
import type { RequestRecord } from "./request_record.ts";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const OVERHEAD_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const TOKEN_TYPES = [
  ["input", "inputTokens"],
  ["output", "outputTokens"],
  ["cache_read", "cacheReadTokens"],
  ["cache_write", "cacheWriteTokens"],
  ["reasoning", "reasoningTokens"],
] as const;

export interface GatewayMetrics {
  registry: Registry;
  requests: Counter;
  upstreamErrors: Counter;
  inFlight: Gauge;
  limited: Counter;
  breakerEvents: Counter;
  retries: Counter;
  tokens: Counter;
  /** Records a finished request (a `RequestObserver`). */
  observe(record: RequestRecord): void;
  /** Records an operational event (an `OpsEventSink`). */
  event(event: OpsEvent): void;
  render(): string;
}

/** `config` returns the current generation, so reloads change the known model names. */
export function createGatewayMetrics(config: () => Config): GatewayMetrics {
  const registry = new Registry();
  const requests = registry.register(
    new Counter(
      "ferryllm_requests_total",
      "Model requests by entry, provider, upstream model and status class.",
      [
        "entry",
        "provider",
        "model",
        "status_class",
      ],
    ),
  );
  const upstreamErrors = registry.register(
    new Counter(
      "ferryllm_upstream_errors_total",
      "Requests that ended in an upstream failure, by error kind.",
      [
        "provider",
        "kind",
      ],
    ),
  );
  const total = registry.register(
    new Histogram("ferryllm_request_duration_seconds", "Whole request time, to the last byte.", [
      "entry",
      "provider",
    ], LATENCY_BUCKETS),
  );
  const upstream = registry.register(
    new Histogram(
      "ferryllm_upstream_duration_seconds",
      "Time spent waiting on upstreams (retries included).",
      [
        "provider",
      ],
      LATENCY_BUCKETS,
    ),
  );
  const firstByte = registry.register(
    new Histogram(
      "ferryllm_time_to_first_byte_seconds",
      "Streaming requests: time until the first byte went to the client.",
      [
        "entry",
        "provider",
      ],
      LATENCY_BUCKETS,
    ),
  );
  const overhead = registry.register(
    new Histogram(
      "ferryllm_gateway_overhead_seconds",
      "What the gateway added: total time minus upstream time.",
      [
        "entry",
      ],
      OVERHEAD_BUCKETS,
    ),
  );
  const inFlight = registry.register(
    new Gauge(
      "ferryllm_in_flight_requests",
      "Model requests being served right now (streams until their end).",
    ),
  );
  const limited = registry.register(
    new Counter("ferryllm_rate_limited_total", "Requests refused with 429 by a gateway limit.", [
      "limit",
      "scope",
    ]),
  );
  const authRejected = registry.register(
    new Counter(
      "ferryllm_auth_rejected_total",
      "Requests refused with 401 (missing or unknown gateway key).",
    ),
  );
  const breakerEvents = registry.register(
    new Counter(
      "ferryllm_circuit_breaker_events_total",
      "Circuit breaker transitions and fast failures.",
      [
        "provider",
        "event",
      ],
    ),
  );
  const retries = registry.register(
    new Counter(
      "ferryllm_upstream_retries_total",
      "Upstream attempts repeated after a retryable failure.",
      [
        "provider",
      ],
    ),
  );
  const keyCooldowns = registry.register(
    new Counter(
      "ferryllm_upstream_key_cooldowns_total",
      "Provider keys refused by the upstream (429/401/403) and rested; key is its index (#1…).",
      ["provider", "key"],
    ),
  );
  const ejections = registry.register(
    new Counter(
      "ferryllm_pool_ejections_total",
      "Pool targets ejected after consecutive failures.",
      ["provider"],
    ),
  );
  const tokens = registry.register(
    new Counter(
      "ferryllm_tokens_total",
      "Tokens by provider, upstream model and type (input includes cached; estimated_input is the local tokenizer's count, with debug_log_request_shape on).",
      [
        "provider",
        "model",
        "type",
      ],
    ),
  );
  const translationWarnings = registry.register(
    new Counter(
      "ferryllm_translation_warnings_total",
      "Client fields and blocks an upstream of another protocol could not carry, by kind.",
      ["entry", "provider", "kind"],
    ),
  );
  const storeUp = registry.register(
    new Gauge("ferryllm_state_store_up", "1 while the shared state store answers, 0 while not."),
  );
  storeUp.set({}, 1);
  const storeTransitions = registry.register(
    new Counter(
      "ferryllm_state_store_transitions_total",
      "The shared state store went down (to=down) or came back (to=up).",
      ["to"],
    ),
  );
  registry.register(
    new DerivedGauge(
      "ferryllm_prompt_cache_hit_ratio",
      "Cache-read input tokens over all input tokens, since start.",
      () => cacheRatios(tokens),
    ),
  );

  const observe = (record: RequestRecord) => {
    const provider = record.provider ?? "none";
    const model = modelLabeler(config())(record.upstreamModel);
    const entry = record.entry;
    requests.inc({ entry, provider, model, status_class: `${Math.floor(record.status / 100)}xx` });
    if (record.errorKind && !record.errorLocal && record.errorStatus !== 499) {
      upstreamErrors.inc({ provider, kind: record.errorKind });
    }
    if (record.totalMs !== undefined) total.observe({ entry, provider }, record.totalMs / 1000);
    if (record.upstreamMs !== undefined) {
      upstream.observe({ provider }, record.upstreamMs / 1000);
      if (record.totalMs !== undefined) {
        overhead.observe({ entry }, Math.max(0, record.totalMs - record.upstreamMs) / 1000);
      }
    }
    if (record.firstByteMs !== undefined) {
      firstByte.observe({ entry, provider }, record.firstByteMs / 1000);
    }
    if (record.usage) {
      for (const [type, field] of TOKEN_TYPES) {
        tokens.inc({ provider, model, type }, record.usage[field]);
      }
    }
    for (const warning of record.warnings ?? []) {
      translationWarnings.inc({ entry, provider, kind: warning.kind });
    }
    if (record.estimatedPromptTokens !== undefined) {
      // The local tokenizer's view next to the provider's: a gap shows what a tokenizer
      // mismatch or a stripped prefix did to the count.
      tokens.inc({ provider, model, type: "estimated_input" }, record.estimatedPromptTokens);
    }
  };

  const event = (e: OpsEvent) => {
    switch (e.type) {
      case "limited":
        limited.inc({ limit: e.limit, scope: e.scope });
        return;
      case "auth_rejected":
        authRejected.inc();
        return;
      case "breaker":
        breakerEvents.inc({ provider: e.provider, event: e.event });
        return;
      case "retry":
        retries.inc({ provider: e.provider });
        return;
      case "state_store":
        storeUp.set({}, e.available ? 1 : 0);
        storeTransitions.inc({ to: e.available ? "up" : "down" });
        return;
      case "key_cooldown":
        keyCooldowns.inc({ provider: e.provider, key: e.key });
        return;
      case "target_ejected":
        ejections.inc({ provider: e.provider });
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  };

  return {
    registry,
    requests,
    upstreamErrors,
    inFlight,
    limited,
    breakerEvents,
    retries,
    tokens,
    observe,
    event,
    render: () => registry.render(),
  };
}

function cacheRatios(tokens: Counter): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const { labels, value } of tokens.entries()) {
    if (labels.type !== "input" || value === 0) continue;
    const read = tokens.get({ provider: labels.provider, model: labels.model, type: "cache_read" });
    out.push({ labels: { provider: labels.provider, model: labels.model }, value: read / value });
  }
  return out;
}
