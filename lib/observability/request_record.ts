/**
 * One record per client request, filled in as the request moves through the gateway and handed
 * to observers (access log, metrics) when it is over: after the last byte for streams.
 *
 * @module
 */
import type { Usage } from "../ir/usage.ts";
import type { StopReason } from "../ir/stop.ts";

export interface RequestRecord {
  requestId: string;
  /** The client protocol, or the side endpoint's name (`count_tokens`, `models`). */
  entry: string;
  clientModel?: string;
  provider?: string;
  providerType?: string;
  upstreamModel?: string;
  stream: boolean;
  /** HTTP status the client got (200 for a stream that later failed: see `errorKind`). */
  status: number;
  upstreamStatus?: number;
  /** Upstream attempts made (retries and fallbacks included). */
  attempts: number;
  startedAt: number;
  /** Time spent waiting on upstreams (from first send to last byte received). */
  upstreamMs?: number;
  /** Time until the first byte went to the client. */
  firstByteMs?: number;
  totalMs?: number;
  usage?: Usage;
  stopReason?: StopReason;
  errorKind?: string;
  /** Hash of the caller's gateway key, when auth is on (never the key itself). */
  keyHash?: string;
}

export type RequestObserver = (record: RequestRecord) => void;
