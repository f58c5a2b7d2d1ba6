/**
 * Where spans go: `[tracing] otlp_endpoint`, else the standard OpenTelemetry environment
 * variables (https://opentelemetry.io/docs/specs/otel/protocol/exporter/). Nothing set: off.
 *
 * @module
 */
import type { TracingConfig } from "../config/types.ts";

export interface OtlpSettings {
  /** The full URL spans are POSTed to. */
  url: string;
  headers: Record<string, string>;
  serviceName: string;
  maxQueue: number;
  intervalMs: number;
}

const TRACES_PATH = "/v1/traces";

export function otlpSettings(
  tracing: TracingConfig,
  env: (name: string) => string | undefined,
): OtlpSettings | undefined {
  const url = tracesUrl(tracing, env);
  if (!url) return undefined;
  return {
    url,
    headers: { ...parseHeaderList(env("OTEL_EXPORTER_OTLP_HEADERS")), ...tracing.headers },
    serviceName: env("OTEL_SERVICE_NAME")?.trim() || tracing.service_name,
    maxQueue: tracing.max_queue_spans,
    intervalMs: tracing.export_interval_ms,
  };
}

function tracesUrl(
  tracing: TracingConfig,
  env: (name: string) => string | undefined,
): string | undefined {
  if (tracing.otlp_endpoint) return withTracesPath(tracing.otlp_endpoint);
  const traces = env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")?.trim();
  if (traces) return traces; // the signal-specific variable is the whole URL, as the spec says
  const base = env("OTEL_EXPORTER_OTLP_ENDPOINT")?.trim();
  if (base) return withTracesPath(base);
  return undefined;
}

function withTracesPath(base: string): string {
  const trimmed = base.replace(/\/+$/, "");
  return trimmed.endsWith(TRACES_PATH) ? trimmed : trimmed + TRACES_PATH;
}

/** `OTEL_EXPORTER_OTLP_HEADERS`: `key=value` pairs, comma-separated, values URL-encoded. */
export function parseHeaderList(list: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (list ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    try {
      headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A malformed escape: skip that header rather than fail the gateway.
    }
  }
  return headers;
}
