import assert from "node:assert/strict";
import { cacheObservationLog } from "../../lib/observability/cache_observation.ts";
import type { RequestRecord } from "../../lib/observability/request_record.ts";

function capture() {
  const lines: { message: string; properties?: Record<string, unknown> }[] = [];
  const push = (message: string, properties?: Record<string, unknown>) =>
    lines.push({ message, properties });
  const log = { debug: push, info: push, warn: push, error: push };
  return { lines, observe: cacheObservationLog(() => log) };
}

const base: RequestRecord = {
  requestId: "req_1",
  entry: "anthropic",
  stream: true,
  status: 200,
  attempts: 1,
  startedAt: 0,
  provider: "anthropic-main",
  providerType: "anthropic",
  upstreamModel: "claude-opus-4-6",
};

Deno.test("a prompt cache observation line reports the hit ratio over all prompt tokens", () => {
  const { lines, observe } = capture();
  observe({
    ...base,
    usage: {
      inputTokens: 130,
      outputTokens: 9,
      cacheReadTokens: 100,
      cacheWriteTokens: 20,
      reasoningTokens: 0,
    },
  });
  assert.equal(lines.length, 1);
  assert.equal(lines[0].message, "prompt cache observation");
  assert.deepEqual(
    [
      lines[0].properties?.hitRatio,
      lines[0].properties?.uncachedTokens,
      lines[0].properties?.provider,
    ],
    [0.769, 10, "anthropic-main"],
  );
});

Deno.test("no observation without usage or for the local echo provider", () => {
  const { lines, observe } = capture();
  observe(base);
  observe({
    ...base,
    providerType: "echo",
    usage: {
      inputTokens: 5,
      outputTokens: 1,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    },
  });
  assert.equal(lines.length, 0);
});
