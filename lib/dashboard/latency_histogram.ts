/**
 * Fixed log-scale latency buckets: cheap to fill per request, cheap to merge across seconds,
 * and quantiles within one bucket's width (25 %), which is what a dashboard needs.
 *
 * @module
 */

/** Upper bounds in ms: 1 ms × 1.25ⁿ up to ten minutes; the last bucket takes everything above. */
export const BUCKET_BOUNDS_MS: readonly number[] = (() => {
  const bounds: number[] = [];
  for (let b = 1; b < 600_000; b *= 1.25) bounds.push(b);
  bounds.push(600_000);
  return bounds;
})();

export function newHistogram(): Uint32Array {
  return new Uint32Array(BUCKET_BOUNDS_MS.length + 1);
}

export function recordLatency(histogram: Uint32Array, ms: number): void {
  histogram[bucketOf(ms)] += 1;
}

function bucketOf(ms: number): number {
  if (!(ms > 1)) return 0;
  const index = Math.ceil(Math.log(ms) / Math.log(1.25));
  return Math.min(index, BUCKET_BOUNDS_MS.length);
}

export function mergeInto(target: Uint32Array, source: Uint32Array): void {
  for (let i = 0; i < target.length; i++) target[i] += source[i];
}

/**
 * The `q` quantile (0..1) in ms, interpolated inside its bucket; undefined when empty.
 * Rounded to 0.1 ms: finer digits would be noise at this resolution.
 */
export function quantile(histogram: Uint32Array, q: number): number | undefined {
  let total = 0;
  for (const n of histogram) total += n;
  if (total === 0) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    if (histogram[i] === 0) continue;
    if (seen + histogram[i] >= rank) {
      const lower = i === 0 ? 0 : BUCKET_BOUNDS_MS[i - 1];
      const upper = BUCKET_BOUNDS_MS[Math.min(i, BUCKET_BOUNDS_MS.length - 1)];
      const within = histogram[i] === 0 ? 0 : (rank - seen) / histogram[i];
      return Math.round((lower + (upper - lower) * within) * 10) / 10;
    }
    seen += histogram[i];
  }
  return BUCKET_BOUNDS_MS[BUCKET_BOUNDS_MS.length - 1];
}
