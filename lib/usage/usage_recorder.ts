/**
 * The request observer that turns each finished model request into usage: token counters and
 * cost per key × provider × model × day, the key's budget spend, and
 * `ferryllm_cost_usd_total{key,provider,model}`. Streams count when they end, failed mid-stream
 * included (with the usage seen so far). Requests the gateway refused itself (bad input, no
 * route, a model outside the key's allow-list) never reached an upstream and are not usage.
 *
 * Writes go to the state store in the background: a slow or absent store never delays a
 * response, and a lost write is logged (the store's guard logs the outage itself once).
 *
 * @module
 */
import type { ResolvedProvider } from "../config/load.ts";
import { type Usage, ZERO_USAGE } from "../ir/usage.ts";
import { Counter, type Registry } from "../observability/metrics.ts";
import { modelLabeler } from "../observability/model_label.ts";
import type { RequestRecord } from "../observability/request_record.ts";
import type { GatewayDeps } from "../server/deps.ts";
import type { Runtime } from "../server/runtime.ts";
import { budgetTokens, chargeSpend } from "./budget.ts";
import { type Cost, costOf } from "./pricing.ts";
import { UsageStore, utcDay } from "./usage_store.ts";

/** Unpriced models are logged once each; past this many, silently. */
const MAX_UNPRICED_LOGGED = 200;

export function usageRecorder(
  deps: Pick<GatewayDeps, "runtime" | "store" | "log" | "now">,
  registry: Registry,
): (record: RequestRecord) => void {
  const usage = new UsageStore(deps.store);
  const cost = registry.register(
    new Counter(
      "ferryllm_cost_usd_total",
      "Cost in USD of finished requests, by gateway key, provider and upstream model.",
      ["key", "provider", "model"],
    ),
  );
  const unpriced = new Set<string>();

  /** Counts one priced request: the cost counter, the usage store, the key's spend. */
  const account = (finished: Finished, price: Cost): Promise<unknown> => {
    const { record, provider, model, tokens, now, runtime } = finished;
    const id = `${provider.name}/${model}`;
    if (!price.priced && !unpriced.has(id) && unpriced.size < MAX_UNPRICED_LOGGED) {
      unpriced.add(id);
      deps.log.warn("no price known for this model: its tokens are counted at 0 USD", {
        provider: provider.name,
        model,
        fix: "add a [[pricing]] row",
      });
    }
    const key = record.keyName ?? record.keyHash ?? "anonymous";
    cost.inc(
      { key, provider: provider.name, model: modelLabeler(runtime.config)(model) },
      price.usd,
    );
    const writes = [
      usage.add(utcDay(now), {
        key,
        provider: provider.name,
        model,
        usage: tokens,
        costUsd: price.usd,
      }),
    ];
    if (record.keyName !== undefined) {
      writes.push(chargeSpend(deps.store, record.keyName, now, price.usd, budgetTokens(tokens)));
    }
    return Promise.all(writes);
  };

  return (record) => {
    if (record.errorLocal || record.provider === undefined) return;
    const runtime = deps.runtime();
    const provider = runtime.providers.get(record.provider);
    if (!provider) return;
    const model = record.upstreamModel ?? record.clientModel ?? "unknown";
    const tokens = record.usage ?? ZERO_USAGE;
    const now = deps.now();
    const finished: Finished = { record, provider, model, tokens, now, runtime };
    const price = costOf(tokens, provider, model, runtime.config.pricing, new Date(now));
    // Only the first lookup after startup waits for the price table (see price_table.ts).
    const recorded = price instanceof Promise
      ? price.then((loaded) => account(finished, loaded))
      : account(finished, price);
    recorded.catch((error) =>
      deps.log.debug("usage not recorded", { requestId: record.requestId, error: String(error) })
    );
  };
}

/** What one finished request is accounted by. */
interface Finished {
  record: RequestRecord;
  provider: ResolvedProvider;
  model: string;
  tokens: Usage;
  now: number;
  runtime: Runtime;
}
