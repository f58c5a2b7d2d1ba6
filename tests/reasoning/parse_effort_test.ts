import assert from "node:assert/strict";
import { effortRank, minEffort, parseEffort } from "../../lib/reasoning/parse_effort.ts";
import { EFFORTS } from "../../lib/ir/request.ts";

Deno.test("parseEffort accepts every IR effort in any case", () => {
  for (const effort of EFFORTS) {
    assert.equal(parseEffort(effort), effort);
    assert.equal(parseEffort(effort.toUpperCase()), effort);
    assert.equal(parseEffort(` ${effort}\n`), effort);
  }
});

Deno.test("parseEffort reads x_high and x-high as xhigh", () => {
  assert.equal(parseEffort("x_high"), "xhigh");
  assert.equal(parseEffort("X-HIGH"), "xhigh");
});

Deno.test("parseEffort returns undefined for anything else", () => {
  for (const value of ["", "turbo", "extra high", "xx_high", 3, null, undefined, {}]) {
    assert.equal(parseEffort(value), undefined, String(value));
  }
});

Deno.test("effortRank orders none below max and minEffort picks the lower", () => {
  assert.equal(effortRank("none"), 0);
  assert.equal(effortRank("max"), 6);
  assert.equal(minEffort("high", "low"), "low");
  assert.equal(minEffort("minimal", "xhigh"), "minimal");
});
