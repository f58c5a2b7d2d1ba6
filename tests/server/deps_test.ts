import assert from "node:assert/strict";
import { randomId } from "../../lib/server/deps.ts";

Deno.test("randomId is the prefix and 24 lowercase hex digits, fresh each call", () => {
  const ids = new Set(Array.from({ length: 200 }, () => randomId("req_")));
  assert.equal(ids.size, 200);
  for (const id of ids) assert.match(id, /^req_[0-9a-f]{24}$/);
  // Every byte value maps to its two digits: over 200 × 12 bytes, each digit shows up.
  const digits = new Set([...ids].join("").replaceAll("req_", ""));
  assert.equal(digits.size, 16);
});
