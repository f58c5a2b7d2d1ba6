import assert from "node:assert/strict";
import { renderProgress } from "../../lib/cli/loadtest/progress.ts";

Deno.test("renderProgress fills the bar in proportion and says how far the run is", () => {
  const half = renderProgress("load", 50, 100, "requests");
  assert.equal(half, `load [${"#".repeat(15)}${"-".repeat(15)}]  50% | 50/100 requests`);
  assert.match(renderProgress("load", 0, 100, "requests"), /\[-{30}\]\s+0%/);
  assert.match(renderProgress("load", 100, 100, "requests"), /\[#{30}\] 100%/);
});

Deno.test("renderProgress stays within its bar for overshoot and an empty goal", () => {
  assert.match(renderProgress("t", 12, 10, "s"), /\[#{30}\] 100% \| 12\/10 s/);
  assert.match(renderProgress("t", 3, 0, "s"), /\[-{30}\]\s+0%/);
});
