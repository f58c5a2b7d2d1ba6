/**
 * `deno task bench`: ferryllm against the floor (a bare passthrough proxy, floor_proxy.ts) and
 * against going to the upstream directly, side by side in one run, with their ratios. A script
 * that prints figures, not a timed test: absolute numbers depend on the machine, ratios measured
 * in one run are what to compare. It rewrites the generated section of docs/performance.md and
 * docs/performance.svg.
 *
 * Processes on loopback, all ferryllm commands: `mock-upstream` (and the floor) as upstreams,
 * `serve` as the gateway, `loadtest --json` as the load. With `--pin` (and `taskset`), the servers
 * measured run on core 0 and the load generator and mock on core 1. Every run is bounded by a duration.
 *
 * flags: --seconds N (per measured run, default 3), --repeat N (interleaved runs per target and
 * workload, best kept, default 3), --slow-seconds N (the 1,000 slow streams run, default 20; the
 * issue's figure is 60), --pin (servers and load on separate cores: for a machine of one's own),
 * --no-write (print only), --only startup,slow,load (a comma list of the parts to run: spawn →
 * /readyz and idle memory, the 1,000 slow streams, the workloads; implies --no-write).
 */
import { parseArgs } from "node:util";
import {
  compiledBinary,
  cpuSeconds,
  type LoadJson,
  loadtest,
  rssMb,
  type Server,
  startFloor,
  startGateway,
  startMock,
} from "./bench_processes.ts";
import { targets, type Workload, WORKLOADS } from "./bench_targets.ts";
import { markdownTable, replaceSection, type Row, svgChart, targetsTable } from "./bench_report.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "3" },
    repeat: { type: "string", default: "3" },
    "slow-seconds": { type: "string", default: "20" },
    "no-write": { type: "boolean", default: false },
    pin: { type: "boolean", default: false },
    only: { type: "string", default: "startup,slow,load" },
  },
});
const PARTS = new Set(values.only.split(","));
const WRITE = !values["no-write"] && PARTS.size === 3;
const SECONDS = Number(values.seconds);
const SLOW_SECONDS = Number(values["slow-seconds"]);
const REPEAT = Math.max(1, Number(values.repeat));

function loadArgs(url: string, w: Workload, protocol: string, seconds: number): string[] {
  return [
    "--url",
    url,
    "--protocol",
    protocol,
    "--body",
    w.body,
    "--concurrency",
    String(w.concurrency),
    "--duration",
    String(seconds),
    ...(w.stream ? ["--stream"] : []),
  ];
}

type Measured = LoadJson & { cpuPer10k: number };

/** One measured run, with the server's CPU over it. */
async function measure(server: Server, w: Workload, protocol: string): Promise<Measured> {
  const cpuBefore = server.pid ? cpuSeconds(server.pid) : 0;
  const result = await loadtest(loadArgs(server.url, w, protocol, SECONDS));
  const cpu = server.pid ? cpuSeconds(server.pid) - cpuBefore : 0;
  return { ...result, cpuPer10k: (cpu / Math.max(1, result.requests)) * 10_000 };
}

/**
 * Direct, floor and gateway, warmed up, then measured REPEAT times interleaved. Other processes
 * on the machine only ever add time and CPU, so each figure is the best run: highest req/s (with
 * that run's latencies), lowest CPU per request.
 */
async function measureRow(w: Workload, targets: Record<"direct" | "floor" | "gateway", Server>) {
  const runs: Record<string, Measured[]> = { direct: [], floor: [], gateway: [] };
  const names = ["direct", "floor", "gateway"] as const;
  const protocol = (name: string) => name === "gateway" ? w.protocol : "openai-chat";
  for (const name of names) await loadtest(loadArgs(targets[name].url, w, protocol(name), 1));
  for (let r = 0; r < REPEAT; r++) {
    for (const name of names) runs[name].push(await measure(targets[name], w, protocol(name)));
  }
  const best = (list: Measured[]): Measured => ({
    ...list.reduce((a, b) => (b.rps > a.rps ? b : a)),
    errors: list.reduce((sum, run) => sum + run.errors, 0),
    cpuPer10k: Math.min(...list.map((run) => run.cpuPer10k)),
  });
  return {
    name: w.name,
    direct: best(runs.direct),
    floor: best(runs.floor),
    gateway: best(runs.gateway),
  };
}

function gatewayConfig(fast: string, slow: string): string {
  const provider = (name: string, url: string) =>
    `[[providers]]\nname = "${name}"\ntype = "openai"\nbase_url = "${url}/v1"\napi_key = "bench"\n`;
  return `[logging]\nlevel = "warn"\n${provider("fast", fast)}${provider("slow", slow)}` +
    `[[routes]]\nmatch = "slow-"\nprovider = "slow"\n[[routes]]\nmatch = "*"\nprovider = "fast"\n`;
}

/** 1,000 streams of one chunk per 100 ms; the gateway's resident memory sampled throughout. */
async function slowStreams(gateway: Server) {
  let peak = 0;
  const timer = setInterval(() => peak = Math.max(peak, rssMb(gateway.pid)), 250);
  const result = await loadtest([
    "--url",
    gateway.url,
    "--model",
    "slow-model",
    "--stream",
    "--concurrency",
    "1000",
    "--duration",
    String(SLOW_SECONDS),
    "--timeout",
    "120",
  ]);
  clearInterval(timer);
  return { result, peakRss: peak };
}

/** Median spawn → /readyz time and the idle RSS of a fresh gateway. */
async function startup(configPath: string, binary?: string) {
  const ready: number[] = [];
  let idleRss = 0;
  for (let i = 0; i < 3; i++) {
    const gateway = await startGateway(configPath, binary);
    ready.push(gateway.readyMs);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    idleRss = Math.max(idleRss, rssMb(gateway.pid));
    await gateway.stop();
  }
  ready.sort((a, b) => a - b);
  return { readyMs: ready[1], idleRss };
}

const mock = await startMock(["--chunks", "50"]);
const slowMock = await startMock(["--chunks", "100", "--chunk-delay-ms", "100"]);
const floor = await startFloor(mock.url);
const configPath = await Deno.makeTempFile({ suffix: ".toml" });
await Deno.writeTextFile(configPath, gatewayConfig(mock.url, slowMock.url));
const direct: Server = { ...mock, pid: 0 };
const started = new Date();
try {
  const start = PARTS.has("startup") ? await startup(configPath) : undefined;
  const binaryDir = await Deno.makeTempDir();
  const binaryPath = PARTS.has("startup") ? await compiledBinary(binaryDir) : undefined;
  const binary = binaryPath ? await startup(configPath, binaryPath) : undefined;
  await Deno.remove(binaryDir, { recursive: true });
  for (const [label, s] of [["deno run", start], ["single binary", binary]] as const) {
    if (s) {
      console.log(
        `startup (${label}): /readyz in ${s.readyMs.toFixed(0)} ms, idle ${
          s.idleRss.toFixed(1)
        } MB`,
      );
    }
  }
  const gateway = await startGateway(configPath);
  const rows: Row[] = [];
  try {
    console.log(
      `ferryllm benchmark, best of ${REPEAT} × ${SECONDS} s per figure${
        values.pin ? "; servers on core 0, load and mock on core 1" : ""
      }`,
    );
    for (const w of PARTS.has("load") ? WORKLOADS : []) {
      const row: Row = await measureRow(w, { direct, floor, gateway });
      rows.push(row);
      console.log(
        `${w.name}: direct ${row.direct.rps} req/s, floor ${row.floor.rps}, ferryllm ${row.gateway.rps}; CPU/10k floor ${
          row.floor.cpuPer10k.toFixed(2)
        } s, ferryllm ${row.gateway.cpuPer10k.toFixed(2)} s`,
      );
    }
    const slow = PARTS.has("slow") ? await slowStreams(gateway) : undefined;
    if (slow) {
      console.log(
        `slow streams: ${slow.result.requests} streams, ${slow.result.errors} errors, peak RSS ${
          slow.peakRss.toFixed(0)
        } MB`,
      );
    }
    if (slow && start) {
      const list = targets(rows, { ...slow, seconds: SLOW_SECONDS }, start, binary);
      const section = [
        `Measured ${
          started.toISOString().slice(0, 16).replace("T", " ")
        } UTC by \`deno task bench\` (best of ${REPEAT} interleaved runs of ${SECONDS} s per figure).`,
        "",
        markdownTable(rows),
        "",
        "![req/s and added latency per workload](performance.svg)",
        "",
        targetsTable(list),
      ].join("\n");
      console.log(`\n${markdownTable(rows)}\n\n${targetsTable(list)}`);
      if (WRITE) {
        const docs = new URL("../../docs/", import.meta.url);
        const path = new URL("performance.md", docs);
        const current = await Deno.readTextFile(path).catch(() => "# Performance\n");
        await Deno.writeTextFile(path, replaceSection(current, section));
        await Deno.writeTextFile(new URL("performance.svg", docs), svgChart(rows));
        // Formatted as `deno fmt` would, so `deno task ok` stays clean after a run.
        await new Deno.Command(Deno.execPath(), {
          args: [
            "fmt",
            "--quiet",
            new URL("performance.md", docs).pathname,
            new URL("performance.svg", docs).pathname,
          ],
        }).output();
        console.log("\nwrote docs/performance.md and docs/performance.svg");
      }
    }
  } finally {
    await gateway.stop();
  }
} finally {
  await Promise.all([floor.stop(), mock.stop(), slowMock.stop()]);
  await Deno.remove(configPath);
}
