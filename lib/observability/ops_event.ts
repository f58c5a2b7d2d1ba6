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
  | { type: "state_store"; available: boolean };

export type OpsEventSink = (event: OpsEvent) => void;
