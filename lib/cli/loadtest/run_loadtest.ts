/**
 * One `ferryllm loadtest` run: start the built-in mock when no target is given, load the target
 * (and the `--compare` target after it), print the table or the JSON object.
 *
 * @module
 */
import process from "node:process";
import { conversation } from "./bodies.ts";
import { sendOne } from "./one_request.ts";
import type { LoadPlan } from "./options.ts";
import { NO_PROGRESS, progressBar } from "./progress.ts";
import { loadRequest } from "./protocols.ts";
import { jsonReport, textReport } from "./report.ts";
import { type LoadResult, runLoad } from "./run_load.ts";
import { type StartedMock, startMock } from "./start_mock.ts";

/** Exit code: 0 when the run completes, 1 when no request succeeded. */
export async function runLoadtest(plan: LoadPlan, selfCommand: string[]): Promise<number> {
  let mock: StartedMock | undefined;
  try {
    if (!plan.url) {
      mock = await startMock(selfCommand, [
        "--chunks",
        String(plan.mock.chunks),
        "--chunk-delay-ms",
        String(plan.mock.chunkDelayMs),
      ]);
    }
    const url = plan.url ?? mock!.url;
    const target = await loadOnce(url, plan);
    const base = plan.compareUrl ? await loadOnce(plan.compareUrl, plan) : undefined;
    const title = `ferryllm loadtest: ${plan.protocol}${
      plan.stream ? " stream" : ""
    }, body ${plan.body}, ${
      plan.rate ? `${plan.rate} req/s open loop, cap` : "concurrency"
    } ${plan.concurrency}`;
    console.log(
      plan.json ? JSON.stringify(jsonReport(target, base)) : textReport(title, target, base),
    );
    return target.ok === 0 ? 1 : 0;
  } finally {
    await mock?.stop();
  }
}

async function loadOnce(url: string, plan: LoadPlan): Promise<LoadResult> {
  const request = loadRequest(
    plan.protocol,
    plan.model,
    plan.stream,
    conversation(plan.body),
    plan.apiKey,
  );
  request.headers = { ...request.headers, ...plan.headers };
  const send = (startedAt: number) => sendOne(url, request, plan.stream, plan.timeoutMs, startedAt);
  if (plan.warmup > 0) {
    await runLoad(url, { requests: plan.warmup, concurrency: plan.concurrency }, send);
  }
  const bar = process.stderr.isTTY === true
    ? progressBar(url, plan.requests, plan.durationS)
    : NO_PROGRESS;
  try {
    return await runLoad(url, plan, send, bar);
  } finally {
    bar.stop();
  }
}
