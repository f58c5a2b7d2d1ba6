/**
 * One access line per request, written when the request is over (after the last byte for
 * streams). Only metadata: never the prompt, the answer, headers or the caller's key, only the
 * key's short hash.
 *
 * @module
 */
import { type GatewayLogger, logs } from "./gateway_logger.ts";
import type { RequestObserver, RequestRecord } from "./request_record.ts";

export function accessLog(log: () => GatewayLogger): RequestObserver {
  return (record) => {
    const logger = log();
    if (logs(logger, "info")) logger.info("request", accessFields(record));
  };
}

export function accessFields(record: RequestRecord): Record<string, unknown> {
  const total = record.totalMs;
  const overhead = total !== undefined && record.upstreamMs !== undefined
    ? Math.max(0, total - record.upstreamMs)
    : undefined;
  return {
    requestId: record.requestId,
    entry: record.entry,
    clientModel: record.clientModel,
    provider: record.provider,
    upstreamModel: record.upstreamModel,
    upstreamKey: record.upstreamKey,
    route: record.routeRule,
    stream: record.stream,
    status: record.status,
    upstreamStatus: record.upstreamStatus,
    attempts: record.attempts,
    latencyMs: round(total),
    upstreamMs: round(record.upstreamMs),
    firstByteMs: round(record.firstByteMs),
    overheadMs: round(overhead),
    inputTokens: record.usage?.inputTokens,
    outputTokens: record.usage?.outputTokens,
    cacheReadTokens: record.usage?.cacheReadTokens,
    cacheWriteTokens: record.usage?.cacheWriteTokens,
    reasoningTokens: record.usage?.reasoningTokens,
    stopReason: record.stopReason,
    errorKind: record.errorKind,
    keyHash: record.keyHash,
    key: record.keyName,
  };
}

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 10) / 10;
}
