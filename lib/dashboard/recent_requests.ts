/**
 * The last 200 requests as metadata: who, which protocol and models, how it went, how long,
 * how many tokens. Built field by field from the record, so no prompt or completion text can
 * slip in even if the record grows one.
 *
 * @module
 */
import type { RequestRecord } from "../observability/request_record.ts";
import type { RecentRow as RecentRequest } from "./web/types.ts";

export const RECENT_LIMIT = 200;

export type { RecentRequest };

export class RecentRequests {
  readonly #ring: RecentRequest[] = [];
  #next = 0;

  add(record: RequestRecord): void {
    const row: RecentRequest = {
      at: record.startedAt,
      requestId: record.requestId,
      key: record.keyName ?? (record.keyHash === "anonymous" ? undefined : record.keyHash),
      entry: record.entry,
      clientModel: record.clientModel,
      provider: record.provider,
      upstreamModel: record.upstreamModel,
      stream: record.stream,
      status: record.status,
      errorKind: record.errorKind,
      attempts: record.attempts,
      totalMs: round(record.totalMs),
      firstByteMs: round(record.firstByteMs),
      inputTokens: record.usage?.inputTokens,
      outputTokens: record.usage?.outputTokens,
      warnings: (record.warnings ?? []).map((w) => w.message),
      traceId: record.trace?.recorded ? record.trace.traceId : undefined,
    };
    if (this.#ring.length < RECENT_LIMIT) this.#ring.push(row);
    else this.#ring[this.#next] = row;
    this.#next = (this.#next + 1) % RECENT_LIMIT;
  }

  /** Newest first. */
  list(): RecentRequest[] {
    const oldestFirst = this.#ring.length < RECENT_LIMIT
      ? this.#ring
      : [...this.#ring.slice(this.#next), ...this.#ring.slice(0, this.#next)];
    return [...oldestFirst].reverse();
  }
}

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 10) / 10;
}
