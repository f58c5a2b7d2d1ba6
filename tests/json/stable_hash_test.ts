import assert from "node:assert/strict";
import { shortHash, stableHash } from "../../lib/json/stable_hash.ts";

Deno.test("stableHash matches the FNV-1a 64 reference vectors", () => {
  assert.equal(stableHash(""), "cbf29ce484222325");
  assert.equal(stableHash("a"), "af63dc4c8601ec8c");
  assert.equal(stableHash("foobar"), "85944171f73967e8");
});

Deno.test("stableHash hashes UTF-8 bytes, not UTF-16 code units", () => {
  // Reference computed over the UTF-8 encoding of "héllo ✓".
  assert.equal(stableHash("héllo ✓"), "cab09e47690f70e7");
});

Deno.test("shortHash is a 12-hex prefix that differs for one changed character", () => {
  assert.match(shortHash("system prompt"), /^[0-9a-f]{12}$/);
  assert.notEqual(shortHash("system prompt"), shortHash("system prompT"));
  assert.equal(shortHash("x", 8), stableHash("x").slice(0, 8));
});

/** FNV-1a 64 as its definition reads: BigInt arithmetic over TextEncoder's bytes. */
function referenceHash(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

Deno.test("stableHash equals the reference on random text: ASCII, 2-4 byte UTF-8, lone surrogates", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ranges = [[0x00, 0x7f], [0x80, 0x7ff], [0x800, 0xd7ff], [0xd800, 0xdfff], [0xe000, 0xffff]];
  for (let n = 0; n < 300; n++) {
    let text = "";
    const length = Math.floor(random() * 40);
    for (let i = 0; i < length; i++) {
      const [low, high] = ranges[Math.floor(random() * ranges.length)];
      text += String.fromCharCode(low + Math.floor(random() * (high - low + 1)));
    }
    if (n % 10 === 0) text += "😀"; // a well-formed pair as well
    assert.equal(stableHash(text), referenceHash(text), JSON.stringify(text));
  }
});
