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
