/**
 * Request rate, errors, latency and time to first byte per second for the last 15 minutes, in
 * a fixed ring of slots: memory stays the same however much traffic passes, and no Prometheus
 * is needed to draw the charts.
 *
 * @module
 */
import { mergeInto, newHistogram, quantile, recordLatency } from "./latency_histogram.ts";
import type { TrafficSeries, TrafficSummary } from "./web/types.ts";

export const RING_SECONDS = 900;

interface Slot {
  /** The epoch second this slot holds; a slot from an older lap is stale. */
  second: number;
  requests: number;
  errors: number;
  latency: Uint32Array;
  firstByte: Uint32Array;
}

export type { TrafficSeries, TrafficSummary };

export class TrafficRing {
  readonly #slots: (Slot | undefined)[] = new Array(RING_SECONDS);

  constructor(private readonly startedAt: number) {}

  add(at: number, latencyMs: number | undefined, firstByteMs: number | undefined, error: boolean) {
    const second = Math.floor(at / 1000);
    // A second older than a slot's current one would wipe newer data: count it there instead.
    const current = this.#slots[second % RING_SECONDS];
    const slot = this.#slotFor(current && current.second > second ? current.second : second);
    slot.requests += 1;
    if (error) slot.errors += 1;
    if (latencyMs !== undefined) recordLatency(slot.latency, latencyMs);
    if (firstByteMs !== undefined) recordLatency(slot.firstByte, firstByteMs);
  }

  series(now: number): TrafficSeries {
    const out: TrafficSeries = {
      seconds: [],
      requests: [],
      errors: [],
      p50: [],
      p99: [],
      ttfbP50: [],
      ttfbP99: [],
    };
    const last = Math.floor(now / 1000);
    for (let second = last - RING_SECONDS + 1; second <= last; second++) {
      const slot = this.#live(second);
      out.seconds.push(second);
      out.requests.push(slot?.requests ?? 0);
      out.errors.push(slot?.errors ?? 0);
      out.p50.push(slot ? quantile(slot.latency, 0.5) ?? null : null);
      out.p99.push(slot ? quantile(slot.latency, 0.99) ?? null : null);
      out.ttfbP50.push(slot ? quantile(slot.firstByte, 0.5) ?? null : null);
      out.ttfbP99.push(slot ? quantile(slot.firstByte, 0.99) ?? null : null);
    }
    return out;
  }

  summary(now: number): TrafficSummary {
    const last = Math.floor(now / 1000);
    const latency = newHistogram();
    const firstByte = newHistogram();
    let requests = 0;
    let errors = 0;
    for (let second = last - RING_SECONDS + 1; second <= last; second++) {
      const slot = this.#live(second);
      if (!slot) continue;
      requests += slot.requests;
      errors += slot.errors;
      mergeInto(latency, slot.latency);
      mergeInto(firstByte, slot.firstByte);
    }
    const windowSecs = Math.max(1, Math.min(RING_SECONDS, (now - this.startedAt) / 1000));
    return {
      requests,
      errors,
      ratePerSec: Math.round((requests / windowSecs) * 1000) / 1000,
      errorRatio: requests === 0 ? 0 : errors / requests,
      p50Ms: quantile(latency, 0.5),
      p99Ms: quantile(latency, 0.99),
      ttfbP50Ms: quantile(firstByte, 0.5),
      ttfbP99Ms: quantile(firstByte, 0.99),
    };
  }

  #live(second: number): Slot | undefined {
    const slot = this.#slots[second % RING_SECONDS];
    return slot?.second === second ? slot : undefined;
  }

  #slotFor(second: number): Slot {
    const index = second % RING_SECONDS;
    let slot = this.#slots[index];
    if (!slot || slot.second !== second) {
      slot = { second, requests: 0, errors: 0, latency: newHistogram(), firstByte: newHistogram() };
      this.#slots[index] = slot;
    }
    return slot;
  }
}
