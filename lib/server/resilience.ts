/**
 * Retries of one provider with backoff. (Placeholder policy: a single attempt; the operations
 * work replaces this with retries, jittered backoff, retry-after and the circuit breaker.)
 *
 * @module
 */
import type { ResolvedProvider } from "../config/load.ts";
import type { RequestRecord } from "../observability/request_record.ts";
import type { GatewayDeps } from "./deps.ts";
import type { Runtime } from "./runtime.ts";

export async function withResilience<T>(
  _provider: ResolvedProvider,
  _runtime: Runtime,
  _deps: GatewayDeps,
  record: RequestRecord,
  attempt: () => Promise<T>,
): Promise<T> {
  record.attempts += 1;
  return await attempt();
}
