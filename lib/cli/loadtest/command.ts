/**
 * The `ferryllm loadtest` row of main.ts's command table: load against a gateway (or anything
 * speaking the four protocols) with HDR percentiles, errors by kind, and `--compare` for the
 * ratio against a second target. The load generator and its libraries load on use.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { withUsage } from "../flag_checks.ts";
import { BODY_SIZES } from "./bodies.ts";
import { LOADTEST_FLAGS, parseLoadtestFlags, PRESETS } from "./options.ts";
import { PROTOCOLS } from "./protocols.ts";

/**
 * `selfCommand`: argv that starts this same ferryllm, to run the built-in mock (asked for only
 * when a load test runs, so working it out costs the other commands nothing).
 */
export function loadtestCommand(selfCommand: () => Promise<string[]>): Command {
  const command: Command = {
    name: "loadtest",
    summary: "send load, report req/s, latency and time-to-first-byte percentiles, compare",
    usage: "loadtest [--url URL] [--compare URL] [--preset NAME] [--stream] [--json] [flags]",
    details:
      `  -u, --url URL            the target's root, e.g. http://127.0.0.1:8080; without it the
                           built-in mock-upstream is started and loaded directly
      --compare URL        run the same load against a second target next and print ratios
  -p, --preset NAME        a workload: ${Object.keys(PRESETS).join(", ")}
      --protocol P         ${PROTOCOLS.join(" | ")} (default openai-chat)
  -m, --model M            the model to ask for (default mock-model)
      --stream             stream the answers
      --body SIZE          ${BODY_SIZES.join(" | ")} (claude-code: ~210 KB, 40 tools)
  -n, --requests N         stop after N requests (default 1000)
  -d, --duration S         or run for S seconds
  -c, --concurrency N      requests in flight (default 16; with --rate, the cap)
  -r, --rate R             open loop: start R requests per second, timed from when each was due
      --warmup N           N requests before measuring (default 0)
      --timeout S          per request, seconds (default 60)
  -H, --header "K: V"      extra request header (repeatable)
      --api-key KEY        sent in the protocol's auth header (default "loadtest")
      --chunks N           for the started mock: pieces per answer (default 20)
      --chunk-delay-ms N   for the started mock: pause between stream chunks
      --json               print one JSON object instead of the table

Percentiles come from an HDR histogram. A progress bar is drawn on stderr when it is a
terminal. Exit code 0 when the run completes (errors are reported, not fatal), 1 when no
request succeeded, 2 for bad flags.`,
    options: LOADTEST_FLAGS,
    run: (values) =>
      withUsage(command, async () => {
        const plan = parseLoadtestFlags(values);
        const { runLoadtest } = await import("./run_loadtest.ts");
        return await runLoadtest(plan, await selfCommand());
      }),
  };
  return command;
}
