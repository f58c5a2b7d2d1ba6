/**
 * Operational events that are not one request's record: a request shed by a limit, a circuit
 * breaker changing state, a retry. The metrics registry counts them; the logger may print them.
 *
 * @module
 */

export type LimitName = "rate" | "concurrency" | "budget";
export type LimitScope = "global" | "key";
export type BreakerEvent = "opened" | "half_open" | "closed" | "rejected";

export type OpsEvent =
  | { type: "limited"; limit: LimitName; scope: LimitScope }
  | { type: "auth_rejected" }
  | { type: "breaker"; provider: string; event: BreakerEvent }
  | { type: "retry"; provider: string; status: number }
  /** A provider key refused by the upstream rests; `key` is its index label (`#2`), never the key. */
  | { type: "key_cooldown"; provider: string; key: string }
  /** A pool target (`provider/model`) ejected after consecutive failures. */
  | { type: "target_ejected"; provider: string; target: string }
  | { type: "state_store"; available: boolean };

export type OpsEventSink = (event: OpsEvent) => void;
