/**
 * Latency percentiles from an HDR histogram (hdr-histogram-js): constant memory however many
 * requests, 3 significant digits from 1 µs to an hour, exact max. Sorting a list of samples
 * would grow with the run and cost the load generator time it should spend loading.
 *
 * @module
 */
import * as hdr from "hdr-histogram-js";

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface LatencyHistogram {
  /** Records one duration in milliseconds. */
  record(ms: number): void;
  count(): number;
  /** Percentiles in milliseconds (zeros when nothing was recorded). */
  percentiles(): Percentiles;
}

export function latencyHistogram(): LatencyHistogram {
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    record: (value) => histogram.recordValue(Math.max(1, Math.round(value * 1000))),
    count: () => histogram.totalCount,
    percentiles: () => {
      if (histogram.totalCount === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
      // A percentile is its bucket's upper edge, which can pass the exact maximum: cap it.
      const max = histogram.maxValue;
      const at = (p: number) => ms(Math.min(max, histogram.getValueAtPercentile(p)));
      return { p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: ms(max) };
    },
  };
}
