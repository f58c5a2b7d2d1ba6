import assert from "node:assert/strict";
import { assertJsonDepth, jsonDepth, MAX_JSON_DEPTH } from "../../lib/json/bounded_json.ts";
import { canonicalJson } from "../../lib/json/canonical_json.ts";

/** `[[[…]]]` `levels` deep, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

Deno.test("jsonDepth counts nesting without overflowing the stack, even 100,000 levels deep", () => {
  assert.equal(jsonDepth(3), 0);
  assert.equal(jsonDepth({ a: [1, { b: {} }] }), 4);
  assert.equal(jsonDepth(nested(10), 100), 10);
  assert.ok(jsonDepth(nested(100_000)) > MAX_JSON_DEPTH);
  let objects: unknown = {};
  for (let i = 1; i < 100_000; i++) objects = { next: objects };
  assert.ok(jsonDepth(objects) > MAX_JSON_DEPTH);
  // The deepest branch counts, wherever it is: after shallow siblings, in objects and arrays.
  assert.equal(jsonDepth({ a: 1, b: [], c: { d: [[{}]] } }), 5);
  assert.equal(jsonDepth([[], 1, [[[[]]]], {}]), 5);
});

Deno.test("assertJsonDepth refuses past the limit with a 400 naming it", () => {
  assertJsonDepth(nested(MAX_JSON_DEPTH), "body");
  assert.throws(
    () => assertJsonDepth(nested(MAX_JSON_DEPTH + 1), "the body"),
    (e: { status?: number; message?: string }) =>
      e.status === 400 && /the body is nested more than 128 levels deep/.test(e.message ?? ""),
  );
});

Deno.test("canonicalJson sorts keys and refuses values nested past the limit", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2], c: null } }), '{"a":{"c":null,"d":[2]},"b":1}');
  assert.throws(() => canonicalJson(nested(5_000)), /more than 128 levels/);
});
