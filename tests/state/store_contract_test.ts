import { MemoryStore } from "../../lib/state/memory_store.ts";
import { RedisStore } from "../../lib/state/redis/redis_store.ts";
import { startRedis } from "../support/redis_server.ts";
import { storeContract } from "./store_contract.ts";

storeContract("MemoryStore", () => {
  let clock = 1_000_000;
  return Promise.resolve({
    store: new MemoryStore(10_000, () => clock),
    pass: (ms: number) => {
      clock += ms;
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  });
});

storeContract("RedisStore", async () => {
  const server = await startRedis();
  const store = new RedisStore({ url: server.url, keyPrefix: "contract:", commandTimeoutMs: 2000 });
  await store.connect(5_000);
  return {
    store,
    pass: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
    close: async () => {
      await store.close();
      await server.stop();
    },
  };
});
