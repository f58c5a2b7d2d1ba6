// TEMP instrumentation, not to commit
const sums: Record<string, number[]> = {};
let t0 = 0;
let last = 0;
let n = 0;
export function mstart() {
  t0 = last = performance.now();
}
export function mark(name: string) {
  const now = performance.now();
  (sums[name] ??= []).push(now - last);
  last = now;
}
export function mend() {
  mark("end");
  if (++n % 500 === 0) {
    const out: string[] = [];
    for (const [k, v] of Object.entries(sums)) {
      const s = [...v].sort((a, b) => a - b);
      out.push(`${k}=${(s[s.length >> 1] * 1000).toFixed(0)}`);
      v.length = 0;
    }
    console.error("MARKS(us p50)", out.join(" "));
  }
}
