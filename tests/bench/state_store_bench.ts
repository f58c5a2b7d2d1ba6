/**
 * `deno run -A tests/bench/state_store_bench.ts`: what a shared Redis store costs per request,
 * next to the in-memory one, in one run. The same in-process gateway (echo provider, one named
 * key with a rate limit, a concurrency cap and a budget, so every request runs a window check,
 * a lease, a budget read and a usage write) serves a bounded number of requests on each store;
 * the script prints requests/s and the ratio. Needs redis-server on PATH.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../../lib/config/load.ts";
import { createHandler } from "../../lib/server/handler.ts";
import { MemoryStore } from "../../lib/state/memory_store.ts";
import { RedisStore } from "../../lib/state/redis/redis_store.ts";
import type { StateStore } from "../../lib/state/store.ts";
import { startRedis } from "../support/redis_server.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    requests: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "8" },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

const loaded = loadConfig(
  `[auth]\nenabled = true\n[[providers]]\nname = "echo"\ntype = "echo"\n` +
    `[[routes]]\nmatch = "*"\nprovider = "echo"\n` +
    `[[keys]]\nname = "bench"\nkey_env = "BENCH_KEY"\nrate_limit_per_minute = 1000000\n` +
    `max_concurrent_requests = 1000\nbudget_usd_per_day = 1000\n`,
  "bench.toml",
  { env: (name) => (name === "BENCH_KEY" ? "bench-key" : undefined), readFile: () => "" },
);

async function run(store: StateStore): Promise<number> {
  const handler = createHandler({
    config: loaded,
    store,
    env: (name) => (name === "BENCH_KEY" ? "bench-key" : undefined),
  });
  const body = JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] });
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      next++;
      const response = await handler(
        new Request("http://bench.test/v1/chat/completions", {
          method: "POST",
          headers: { authorization: "Bearer bench-key", "content-type": "application/json" },
          body,
        }),
      );
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      await response.arrayBuffer();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return REQUESTS / ((performance.now() - started) / 1000);
}

const redis = await startRedis();
const redisStore = new RedisStore({ url: redis.url, keyPrefix: "bench:", commandTimeoutMs: 2000 });
try {
  await redisStore.connect(5000);
  await run(new MemoryStore()); // warm-up: JIT, module loading
  const memory = await run(new MemoryStore());
  const shared = await run(redisStore);
  console.log(`${REQUESTS} requests, concurrency ${CONCURRENCY}, echo provider, one limited key`);
  console.log(`memory store: ${memory.toFixed(0)} req/s`);
  console.log(`redis store:  ${shared.toFixed(0)} req/s`);
  console.log(`redis / memory throughput: ${(shared / memory).toFixed(2)}`);
} finally {
  await redisStore.close();
  await redis.stop();
}
