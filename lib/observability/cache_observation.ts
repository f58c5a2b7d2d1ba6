/**
 * One "prompt cache observation" line per request that reached an upstream and got usage back:
 * how much of the prompt the provider served from cache. With the request-shape log (which
 * says what changed), this is how an operator finds and explains a cache miss.
 *
 * The ratio is computed on IR usage, where every adapter has already normalized the provider's
 * convention (OpenAI counts cached tokens inside the prompt, Anthropic outside it), so it means
 * the same for every upstream.
 *
 * @module
 */
import { type GatewayLogger, logs } from "./gateway_logger.ts";
import { promptCacheHitRatio } from "../tokens/cache_ratio.ts";
import type { RequestObserver } from "./request_record.ts";

export function cacheObservationLog(log: () => GatewayLogger): RequestObserver {
  return (record) => {
    const usage = record.usage;
    if (!usage || !record.provider || record.providerType === "echo") return;
    const logger = log();
    if (!logs(logger, "info")) return;
    const ratio = promptCacheHitRatio(usage);
    logger.info("prompt cache observation", {
      requestId: record.requestId,
      provider: record.provider,
      upstreamModel: record.upstreamModel,
      promptTokens: usage.inputTokens,
      cacheReadTokens: usage.cacheReadTokens,
      cacheWriteTokens: usage.cacheWriteTokens,
      uncachedTokens: Math.max(
        0,
        usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens,
      ),
      hitRatio: ratio === undefined ? undefined : Math.round(ratio * 1000) / 1000,
      estimatedPromptTokens: record.estimatedPromptTokens,
    });
  };
}
