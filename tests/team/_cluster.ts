/**
 * Two real gateway processes sharing one real Redis, in front of one fake upstream: the setup
 * every team-gateway integration test runs against.
 *
 * @module
 */
import { type RedisServer, startRedis } from "../support/redis_server.ts";
import { type GatewayProcess, startGateway } from "./_gateway_process.ts";
import { type FakeUpstream, startFakeUpstream } from "./_upstream.ts";

export const KEYS = {
  alice: "alice-secret-key", // rate_limit_per_minute = 5
  bob: "bob-secret-key", // max_concurrent_requests = 1
  carol: "carol-secret-key", // budget_usd_per_day = 0.001
  dave: "dave-secret-key", // no limits: usage totals
  erin: "erin-secret-key", // rate_limit_per_minute = 2: the outage test
  frank: "frank-secret-key", // the Responses test
};
export const ADMIN_KEY = "admin-secret-key";
export const LEASE_SECS = 2;

export interface Cluster {
  redis: RedisServer;
  upstream: FakeUpstream;
  a: GatewayProcess;
  b: GatewayProcess;
  /** Replaces a (killed) instance with a fresh one. */
  restart(which: "a" | "b"): Promise<void>;
  close(): Promise<void>;
}

function configText(upstreamUrl: string, onUnavailable: string): string {
  return `
[server]
graceful_shutdown_secs = 1

[auth]
enabled = true

# A generous bound: on a loaded test machine a slow answer must not count as an outage
# (a stopped Redis refuses connections at once, whatever this is).
[state]
backend = "redis"
key_prefix = "team-test:"
on_unavailable = "${onUnavailable}"
timeout_ms = 3000
lease_secs = ${LEASE_SECS}

[[providers]]
name = "fake"
type = "openai"
base_url = "${upstreamUrl}"
api_key = "upstream-key"

[[routes]]
match = "gpt-4o-mini"
match_type = "exact"
provider = "fake"

[[keys]]
name = "alice"
key_env = "ALICE_KEY"
rate_limit_per_minute = 5

[[keys]]
name = "bob"
key_env = "BOB_KEY"
max_concurrent_requests = 1

[[keys]]
name = "carol"
key_env = "CAROL_KEY"
budget_usd_per_day = 0.001

[[keys]]
name = "dave"
key_env = "DAVE_KEY"

[[keys]]
name = "erin"
key_env = "ERIN_KEY"
rate_limit_per_minute = 2

[[keys]]
name = "frank"
key_env = "FRANK_KEY"
models = ["gpt-4o*"]
`;
}

export async function startCluster(onUnavailable = "fail_open"): Promise<Cluster> {
  const redis = await startRedis();
  const upstream = await startFakeUpstream();
  const dir = await Deno.makeTempDir({ prefix: "ferryllm-team-" });
  const configPath = `${dir}/ferryllm.toml`;
  await Deno.writeTextFile(configPath, configText(upstream.url, onUnavailable));
  const env = {
    FERRYLLM_REDIS_URL: redis.url,
    FERRYLLM_ADMIN_KEY: ADMIN_KEY,
    ALICE_KEY: KEYS.alice,
    BOB_KEY: KEYS.bob,
    CAROL_KEY: KEYS.carol,
    DAVE_KEY: KEYS.dave,
    ERIN_KEY: KEYS.erin,
    FRANK_KEY: KEYS.frank,
  };
  const [a, b] = await Promise.all([startGateway(configPath, env), startGateway(configPath, env)]);
  const cluster: Cluster = {
    redis,
    upstream,
    a,
    b,
    restart: async (which) => {
      await cluster[which].stop();
      cluster[which] = await startGateway(configPath, env);
    },
    close: async () => {
      await Promise.all([cluster.a.stop(), cluster.b.stop()]);
      await upstream.close();
      await redis.stop();
      await Deno.remove(dir, { recursive: true });
    },
  };
  return cluster;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  ms: number;
}

/** One bounded request; `content` "HOLD" keeps it open until the upstream is released. */
export async function chat(
  base: string,
  key: string,
  content = "hello",
  model = "gpt-4o-mini",
): Promise<Answer> {
  return await call(base, "/v1/chat/completions", key, {
    model,
    messages: [{ role: "user", content }],
  });
}

export async function call(
  base: string,
  path: string,
  key: string,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : {},
    headers: response.headers,
    ms: performance.now() - started,
  };
}

/** Polls `check` every 50 ms until it returns true, at most `ms`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  ms: number,
): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return await check();
}
