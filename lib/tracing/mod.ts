/**
 * OpenTelemetry traces for the gateway: finished request records become spans (see
 * `request_spans.ts`) and leave through a small OTLP/HTTP JSON exporter (`otlp_exporter.ts`).
 * Off unless an endpoint is configured; the settings are re-read on every config reload.
 *
 * @module
 */
import type { Config } from "../config/types.ts";
import type { RequestRecord } from "../observability/request_record.ts";
import type { GatewayLogger } from "../observability/gateway_logger.ts";
import { VERSION } from "../version.ts";
import { type DropReason, OtlpExporter } from "./otlp_exporter.ts";
import { type OtlpSettings, otlpSettings } from "./otlp_settings.ts";
import { requestSpans } from "./request_spans.ts";

export interface TracingOptions {
  config: () => Config;
  env: (name: string) => string | undefined;
  log: () => GatewayLogger;
  /** For exports only (upstream calls have their own). Defaults to the global fetch. */
  fetch?: typeof fetch;
  onDrop?: (reason: DropReason, count: number) => void;
}

export interface Tracing {
  /** True while spans are exported: requests then start recorded traces. */
  enabled(): boolean;
  /** A `RequestObserver`: turns the finished record into spans and queues them. */
  observe(record: RequestRecord): void;
  /** Sends queued spans now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createTracing(options: TracingOptions): Tracing {
  let lastConfig: Config | undefined;
  let settingsKey = "";
  let exporter: OtlpExporter | undefined;

  const current = (): OtlpExporter | undefined => {
    let config: Config;
    try {
      config = options.config();
    } catch {
      return exporter; // no readable config right now: keep what the last one said
    }
    if (config === lastConfig) return exporter;
    lastConfig = config;
    const settings = otlpSettings(config.tracing, options.env);
    const key = JSON.stringify(settings ?? null);
    if (key === settingsKey) return exporter;
    settingsKey = key;
    exporter?.close().catch(() => {}); // sends what the old settings had queued
    exporter = settings ? newExporter(settings, options) : undefined;
    if (settings) options.log().info("tracing on", { endpoint: settings.url });
    return exporter;
  };

  return {
    enabled: () => current() !== undefined,
    observe(record) {
      const target = current();
      if (!target) return;
      const spans = requestSpans(record);
      if (spans.length > 0) target.enqueue(spans);
    },
    flush: async () => await current()?.flush(),
    close: async () => await exporter?.close(),
  };
}

function newExporter(settings: OtlpSettings, options: TracingOptions): OtlpExporter {
  return new OtlpExporter({
    url: settings.url,
    headers: settings.headers,
    resource: { "service.name": settings.serviceName, "service.version": VERSION },
    maxQueue: settings.maxQueue,
    intervalMs: settings.intervalMs,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    onDrop: options.onDrop ?? (() => {}),
    onExportTrouble: (problem) => {
      if (problem === undefined) options.log().info("trace export works again");
      else options.log().warn("trace export failed; spans dropped", { problem });
    },
  });
}
