/**
 * `deno task bench`: requests/s and latency direct-to-mock vs through the gateway, side by side
 * in one run, with their ratios, plus the gateway's peak RSS. A script that prints figures, not
 * a timed test: absolute numbers depend on the machine, ratios measured in one run are what to
 * compare.
 *
 * Three processes on loopback: the mock upstream, the gateway (`main.ts serve`), and this load
 * generator. Every loop is bounded by a request count.
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    requests: { type: "string", default: "1500" },
    concurrency: { type: "string", default: "16" },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

function spawn(args: string[], stdout: "piped" | "null" = "piped"): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), { args, stdout, stderr: "null" }).spawn();
}

async function firstLine(child: Deno.ChildProcess, match: RegExp): Promise<string> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`process ended before printing ${match}`);
    buffer += value;
    const hit = match.exec(buffer);
    if (hit) {
      // Keep draining so the child never blocks on a full pipe.
      (async () => {
        while (!(await reader.read()).done) { /* discard */ }
      })();
      return hit[1];
    }
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Polls /readyz (bounded: 100 tries) until the gateway answers. */
async function waitUntilReady(base: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${base}/readyz`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("gateway did not become ready");
}

function peakRssMb(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

interface Scenario {
  name: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  stream: boolean;
}

const openaiBody = (stream: boolean, marker: string) => ({
  model: "bench-model",
  stream,
  messages: [{ role: "user", content: `benchmark ${marker}` }],
});
const anthropicBody = (stream: boolean, marker: string) => ({
  model: "bench-model",
  max_tokens: 256,
  stream,
  messages: [{ role: "user", content: `benchmark ${marker}` }],
});

function scenarios(): Scenario[] {
  const oa = { "content-type": "application/json", authorization: "Bearer bench" };
  const an = {
    "content-type": "application/json",
    "x-api-key": "bench",
    "anthropic-version": "2023-06-01",
  };
  return [
    {
      name: "openai→openai json",
      path: "/v1/chat/completions",
      headers: oa,
      body: openaiBody(false, "SCENARIO:text"),
      stream: false,
    },
    {
      name: "openai→openai stream50",
      path: "/v1/chat/completions",
      headers: oa,
      body: openaiBody(true, "SCENARIO:chunks50"),
      stream: true,
    },
    {
      name: "anthropic→openai json",
      path: "/v1/messages",
      headers: an,
      body: anthropicBody(false, "SCENARIO:text"),
      stream: false,
    },
    {
      name: "anthropic→openai stream50",
      path: "/v1/messages",
      headers: an,
      body: anthropicBody(true, "SCENARIO:chunks50"),
      stream: true,
    },
  ];
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(base: string, scenario: Scenario, direct: boolean): Promise<Result> {
  // Direct runs hit the mock in its own protocol; the translated case has no direct twin,
  // so it is compared with the OpenAI direct run of the same shape.
  const path = direct ? "/v1/chat/completions" : scenario.path;
  const body = direct
    ? openaiBody(
      scenario.stream,
      (scenario.body as { messages: { content: string }[] }).messages[0].content,
    )
    : scenario.body;
  const headers = direct
    ? { "content-type": "application/json", authorization: "Bearer bench" }
    : scenario.headers;
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < REQUESTS) {
      next++;
      const t0 = performance.now();
      const res = await fetch(base + path, { method: "POST", headers, body: JSON.stringify(body) });
      await res.arrayBuffer();
      if (!res.ok) errors++;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), errors };
}

const mock = spawn(["run", "-A", new URL("./mock_server.ts", import.meta.url).pathname]);
const mockUrl = await firstLine(mock, /(http:\/\/\S+)/);
const configPath = await Deno.makeTempFile({ suffix: ".toml" });
await Deno.writeTextFile(
  configPath,
  `[logging]\nlevel = "warn"\n[[providers]]\nname = "mock"\ntype = "openai"\nbase_url = "${mockUrl}"\napi_key = "bench"\n[[routes]]\nmatch = "*"\nprovider = "mock"\n`,
);
const gatewayPort = freePort();
const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
const gateway = spawn([
  "run",
  "-A",
  new URL("../../main.ts", import.meta.url).pathname,
  "serve",
  "--config",
  configPath,
  "--listen",
  `127.0.0.1:${gatewayPort}`,
], "null");
await waitUntilReady(gatewayUrl);

console.log(
  `ferryllm benchmark: ${REQUESTS} requests per row, concurrency ${CONCURRENCY}, loopback`,
);
console.log(
  "scenario                    | direct rps | gateway rps | rps ratio | direct p50/p99 ms | gateway p50/p99 ms | p50 ratio | errors",
);
try {
  for (const scenario of scenarios()) {
    await load(gatewayUrl, scenario, false); // warm-up pass for the JIT
    const direct = await load(mockUrl, scenario, true);
    const viaGateway = await load(gatewayUrl, scenario, false);
    const fmt = (n: number) => n.toFixed(1);
    console.log(
      `${scenario.name.padEnd(27)} | ${fmt(direct.rps).padStart(10)} | ${
        fmt(viaGateway.rps).padStart(11)
      } | ${(viaGateway.rps / direct.rps).toFixed(2).padStart(9)} | ${
        `${fmt(direct.p50)}/${fmt(direct.p99)}`.padStart(17)
      } | ${`${fmt(viaGateway.p50)}/${fmt(viaGateway.p99)}`.padStart(18)} | ${
        (viaGateway.p50 / direct.p50).toFixed(2).padStart(9)
      } | ${direct.errors + viaGateway.errors}`,
    );
  }
  console.log(`gateway peak RSS: ${peakRssMb(gateway.pid).toFixed(1)} MB`);
} finally {
  gateway.kill("SIGTERM");
  mock.kill("SIGTERM");
  await Promise.allSettled([gateway.status, mock.status]);
  await Deno.remove(configPath);
}
