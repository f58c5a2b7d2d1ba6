/**
 * A short, synchronous, dependency-free content hash for cache keys and shape logs.
 *
 * FNV-1a 64 over the UTF-8 bytes: not cryptographic, but stable across runs, processes and
 * runtimes (Web Crypto's SHA-256 is async, which the pure policy steps cannot be). Collisions
 * only cost a cache miss or a confusing debug line, never correctness.
 *
 * @module
 */

const encoder = new TextEncoder();

/**
 * 16 lowercase hex digits of FNV-1a 64 over `text` as UTF-8.
 *
 * @example
 * ```ts
 * stableHash("foobar"); // "85944171f73967e8"
 * ```
 */
export function stableHash(text: string): string {
  // 64-bit state as four 16-bit limbs (low to high), so every product fits in a double.
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  for (const byte of encoder.encode(text)) {
    h0 ^= byte;
    // h * 0x100000001b3 = h * 0x1b3 + (h << 40): bit 40 is bit 8 of limb 2, so h0 << 8 lands in
    // limb 2 (its overflow carries into limb 3) and h1 << 8 in limb 3 (overflow past 64 bits drops).
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (t1 >>> 16) + (h0 << 8);
    const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h1 << 8);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, "0")).join("");
}

/** The first `length` hex digits of `stableHash`: enough to tell prompts apart in a key. */
export function shortHash(text: string, length = 12): string {
  return stableHash(text).slice(0, length);
}
