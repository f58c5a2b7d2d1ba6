/**
 * A short, synchronous, dependency-free content hash for cache keys and shape logs.
 *
 * FNV-1a 64 over the UTF-8 bytes: not cryptographic, but stable across runs, processes and
 * runtimes (Web Crypto's SHA-256 is async, which the pure policy steps cannot be). Collisions
 * only cost a cache miss or a confusing debug line, never correctness.
 *
 * @module
 */

/**
 * 16 lowercase hex digits of FNV-1a 64 over `text` as UTF-8.
 *
 * @example
 * ```ts
 * stableHash("foobar"); // "85944171f73967e8"
 * ```
 */
export function stableHash(text: string): string {
  // The 64-bit state as two 32-bit halves in int32 arithmetic, the UTF-8 bytes made on the fly
  // from the UTF-16 code units: a 100 KB tool list is hashed without a 100 KB copy.
  let hi = 0xcbf29ce4 | 0, lo = 0x84222325 | 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let count = 1;
    if (code < 0x80) utf8[0] = code;
    else {
      count = encodeChar(text, i, code);
      if (count === 4) i++; // the low half of a surrogate pair
    }
    for (let k = 0; k < count; k++) {
      lo ^= utf8[k];
      // h * 0x100000001b3 mod 2^64 = h * 0x1b3 + (h << 40). The low half is multiplied in
      // 16-bit pieces so every product is exact; of h << 40 only lo << 8 lands in the high half.
      const low = (lo & 0xffff) * 0x1b3;
      const high = (lo >>> 16) * 0x1b3 + (low >>> 16);
      hi = (Math.imul(hi, 0x1b3) + (high >>> 16) + (lo << 8)) | 0;
      lo = ((high & 0xffff) << 16) | (low & 0xffff);
    }
  }
  return hex8(hi) + hex8(lo);
}

/** The UTF-8 bytes of the character being hashed. */
const utf8 = new Uint8Array(4);

/**
 * Writes the UTF-8 bytes of the non-ASCII code unit at `i` (with the next one, for a surrogate
 * pair) into `utf8` and returns how many; a lone surrogate is U+FFFD, as TextEncoder has it.
 */
function encodeChar(text: string, i: number, code: number): number {
  if (code < 0x800) {
    utf8[0] = 0xc0 | (code >> 6);
    utf8[1] = 0x80 | (code & 0x3f);
    return 2;
  }
  if (code >= 0xd800 && code <= 0xdfff) {
    const next = text.charCodeAt(i + 1);
    if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      const point = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      utf8[0] = 0xf0 | (point >> 18);
      utf8[1] = 0x80 | ((point >> 12) & 0x3f);
      utf8[2] = 0x80 | ((point >> 6) & 0x3f);
      utf8[3] = 0x80 | (point & 0x3f);
      return 4;
    }
    code = 0xfffd;
  }
  utf8[0] = 0xe0 | (code >> 12);
  utf8[1] = 0x80 | ((code >> 6) & 0x3f);
  utf8[2] = 0x80 | (code & 0x3f);
  return 3;
}

function hex8(half: number): string {
  return (half >>> 0).toString(16).padStart(8, "0");
}

/** The first `length` hex digits of `stableHash`: enough to tell prompts apart in a key. */
export function shortHash(text: string, length = 12): string {
  return stableHash(text).slice(0, length);
}
