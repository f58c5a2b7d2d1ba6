/**
 * A small OTLP/HTTP exporter (JSON encoding, https://opentelemetry.io/docs/specs/otlp/):
 * spans wait in a bounded queue and leave in batches every `intervalMs`.
 *
 * It never makes a request wait: `enqueue` only pushes onto an array, a full queue drops the new
 * spans and counts them, one export is in flight at a time with its own timeout, and a failed
 * export is counted and dropped rather than retried into a growing backlog.
 *
 * @module
 */
import type { OtlpSpan } from "./otlp_span.ts";

export type DropReason = "queue_full" | "export_failed";

export interface OtlpExporterOptions {
  /** The full traces URL (`…/v1/traces`). */
  url: string;
  headers: Record<string, string>;
  /** Resource attributes (`service.name`, `service.version`). */
  resource: Record<string, string>;
  maxQueue: number;
  intervalMs: number;
  fetch: typeof fetch;
  onDrop: (reason: DropReason, count: number) => void;
  /** Told once per run of failures, and once when exports work again. */
  onExportTrouble: (problem: string | undefined) => void;
}

/** Spans per POST: keeps one body small even when the queue is long. */
const BATCH_SPANS = 512;
/** An export slower than this is abandoned (its spans counted as dropped). */
const EXPORT_TIMEOUT_MS = 4000;

export class OtlpExporter {
  #queue: OtlpSpan[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sending: Promise<void> | undefined;
  #failing = false;
  #closed = false;

  constructor(private readonly options: OtlpExporterOptions) {}

  /** Queues spans for the next export; drops them (counted) when the queue is full. */
  enqueue(spans: OtlpSpan[]): void {
    if (this.#closed) return;
    if (this.#queue.length + spans.length > this.options.maxQueue) {
      this.options.onDrop("queue_full", spans.length);
      return;
    }
    this.#queue.push(...spans);
    this.#schedule();
  }

  /** Spans waiting right now. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Sends everything queued now (tests, shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#sending;
    while (this.#queue.length > 0) await this.#sendBatch();
  }

  /** Stops the timer and sends what is queued, once. */
  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#sending) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#sendBatch().then(() => {
        if (this.#queue.length > 0) this.#schedule();
      });
    }, this.options.intervalMs);
    unrefTimer(this.#timer);
  }

  #sendBatch(): Promise<void> {
    const batch = this.#queue.splice(0, BATCH_SPANS);
    if (batch.length === 0) return Promise.resolve();
    this.#sending = this.#post(batch).finally(() => {
      this.#sending = undefined;
    });
    return this.#sending;
  }

  async #post(spans: OtlpSpan[]): Promise<void> {
    const body = JSON.stringify(exportRequest(spans, this.options.resource));
    let problem: string | undefined;
    try {
      const res = await this.options.fetch(this.options.url, {
        method: "POST",
        headers: { ...this.options.headers, "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(EXPORT_TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (!res.ok) problem = `collector answered HTTP ${res.status}`;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem !== undefined) this.options.onDrop("export_failed", spans.length);
    if ((problem !== undefined) !== this.#failing) {
      this.#failing = problem !== undefined;
      this.options.onExportTrouble(problem);
    }
  }
}

/** An `ExportTraceServiceRequest` in OTLP/JSON: one resource, one instrumentation scope. */
export function exportRequest(spans: OtlpSpan[], resource: Record<string, string>) {
  return {
    resourceSpans: [{
      resource: {
        attributes: Object.entries(resource).map(([key, value]) => ({
          key,
          value: { stringValue: value },
        })),
      },
      scopeSpans: [{ scope: { name: "ferryllm", version: resource["service.version"] }, spans }],
    }],
  };
}

/** An export timer must never keep a finished process alive. */
function unrefTimer(timer: ReturnType<typeof setTimeout>): void {
  const deno = (globalThis as { Deno?: { unrefTimer(id: number): void } }).Deno;
  if (typeof timer === "number" && deno) deno.unrefTimer(timer);
  else (timer as { unref?: () => void }).unref?.();
}
