/**
 * `StateStore` on Redis, through ioredis: the state every replica shares.
 *
 * Why ioredis: it runs unchanged on Deno and Bun (it speaks RESP over `node:net`, which both
 * implement), it is the most used Redis client on npm and maintained under the Redis
 * organisation, and it has the two knobs a gateway needs to never hang a request on Redis:
 * `commandTimeout` (every command is bounded) and `enableOfflineQueue: false` (while the
 * connection is down, commands fail at once instead of piling up). It reconnects by itself.
 *
 * Values are JSON; every key carries the configured prefix.
 *
 * @module
 */
import { Redis } from "ioredis";
import type { StateStore, WindowCount } from "../store.ts";
import { windowCounterKey, windowElapsed } from "../store.ts";
import { ACQUIRE_LEASE, ADD_TO_HASH, COUNT_IN_WINDOW, INCREMENT, RENEW_LEASE } from "./scripts.ts";

export interface RedisStoreOptions {
  /** `redis://[user:pass@]host:port/db` (or `rediss://`). */
  url: string;
  keyPrefix: string;
  /** Upper bound on one command's round trip. */
  commandTimeoutMs: number;
  /** Connection problems, for the availability guard's log (never the URL: it holds a password). */
  onError?: (message: string) => void;
}

type ScriptRunner = (keys: string[], args: (string | number)[]) => Promise<unknown>;

export class RedisStore implements StateStore {
  readonly backend = "redis";
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #scripts: Record<string, ScriptRunner> = {};

  constructor(options: RedisStoreOptions) {
    this.#prefix = options.keyPrefix;
    this.#client = new Redis(options.url, {
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: Math.max(1000, options.commandTimeoutMs),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Reconnect for ever, backing off to one attempt every 2 s.
      retryStrategy: (times) => Math.min(times * 100, 2000),
      lazyConnect: false,
      enableAutoPipelining: true,
    });
    // ioredis emits connection errors as events; an unheard one would crash the process.
    this.#client.on("error", (error: Error) => options.onError?.(error.message));
    for (
      const [name, lua] of Object.entries({
        INCREMENT,
        COUNT_IN_WINDOW,
        ACQUIRE_LEASE,
        RENEW_LEASE,
        ADD_TO_HASH,
      })
    ) {
      this.#scripts[name] = scriptRunner(this.#client, lua);
    }
  }

  /** Resolves true once connected, false after `timeoutMs` without a connection. */
  async connect(timeoutMs: number): Promise<boolean> {
    if (this.connected) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onReady = () => {};
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => {
        onReady = () => resolve(true);
        this.#client.once("ready", onReady);
      }),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    this.#client.off("ready", onReady);
    return ready;
  }

  /** True while the connection is up and usable. */
  get connected(): boolean {
    return this.#client.status === "ready";
  }

  async get<T>(key: string): Promise<T | undefined> {
    const text = await this.#client.get(this.#key(key));
    return text === null ? undefined : JSON.parse(text) as T;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    await this.#client.set(this.#key(key), JSON.stringify(value), "PX", Math.max(1, ttlMs));
  }

  async touch(key: string, ttlMs: number): Promise<void> {
    await this.#client.pexpire(this.#key(key), Math.max(1, ttlMs));
  }

  async delete(key: string): Promise<void> {
    await this.#client.del(this.#key(key));
  }

  async increment(key: string, by: number, ttlMs: number): Promise<number> {
    return Number(await this.#scripts.INCREMENT([this.#key(key)], [Math.trunc(by), ttlMs]));
  }

  async countInWindow(
    key: string,
    limit: number,
    windowMs: number,
    now: number,
  ): Promise<WindowCount> {
    const [admitted, previous, current] = await this.#scripts.COUNT_IN_WINDOW(
      [
        this.#key(windowCounterKey(key, now - windowMs, windowMs)),
        this.#key(windowCounterKey(key, now, windowMs)),
      ],
      [limit, windowElapsed(now, windowMs), 2 * windowMs],
    ) as number[];
    return { admitted: admitted === 1, previous: Number(previous), current: Number(current) };
  }

  async acquireLease(key: string, holder: string, max: number, ttlMs: number): Promise<boolean> {
    return (await this.#scripts.ACQUIRE_LEASE([this.#key(key)], [holder, max, ttlMs])) === 1;
  }

  async renewLease(key: string, holder: string, ttlMs: number): Promise<void> {
    await this.#scripts.RENEW_LEASE([this.#key(key)], [holder, ttlMs]);
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    await this.#client.zrem(this.#key(key), holder);
  }

  async addToHash(key: string, increments: Record<string, number>, ttlMs: number): Promise<void> {
    const pairs = Object.entries(increments).flatMap(([field, by]) => [field, String(by)]);
    if (pairs.length === 0) return;
    await this.#scripts.ADD_TO_HASH([this.#key(key)], [ttlMs, ...pairs]);
  }

  async readHash(key: string): Promise<Record<string, string>> {
    return await this.#client.hgetall(this.#key(key));
  }

  async readHashField(key: string, field: string): Promise<string | undefined> {
    return (await this.#client.hget(this.#key(key), field)) ?? undefined;
  }

  async writeHashField(
    key: string,
    field: string,
    value: string,
    onlyIfAbsent = false,
  ): Promise<boolean> {
    if (onlyIfAbsent) return (await this.#client.hsetnx(this.#key(key), field, value)) === 1;
    await this.#client.hset(this.#key(key), field, value);
    return true;
  }

  async deleteHashField(key: string, field: string): Promise<boolean> {
    return (await this.#client.hdel(this.#key(key), field)) === 1;
  }

  /** Closes the connection (tests, shutdown). */
  async close(): Promise<void> {
    try {
      await this.#client.quit();
    } catch {
      this.#client.disconnect();
    }
  }

  #key(key: string): string {
    return this.#prefix + key;
  }
}

/** EVALSHA with the script's digest, loading it with EVAL when Redis does not know it yet. */
function scriptRunner(client: Redis, lua: string): ScriptRunner {
  let sha: Promise<string> | undefined;
  return async (keys, args) => {
    sha ??= crypto.subtle.digest("SHA-1", new TextEncoder().encode(lua)).then((d) =>
      Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("")
    );
    try {
      return await client.evalsha(await sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String(error).includes("NOSCRIPT")) throw error;
      return await client.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
