/**
 * Facts about the caller established by middleware (auth) and read by the request pipeline,
 * attached to the Request object itself so no handler signature has to change.
 *
 * @module
 */
import type { KeyRules } from "../config/types.ts";

export interface CallerInfo {
  /** Short hash of the caller's gateway key; scopes stored history and per-key limits. */
  keyHash: string;
  /** A named key (`[[keys]]` or the admin API): its name and the rules it carries. */
  named?: { name: string; rules: KeyRules };
}

const callers = new WeakMap<Request, CallerInfo>();

export function setCaller(request: Request, info: CallerInfo): void {
  callers.set(request, info);
}

/** The caller's name in usage, metrics and per-key limits: a key name, else the key's hash. */
export function callerLabel(caller: CallerInfo): string {
  return caller.named?.name ?? caller.keyHash;
}

/** Anonymous callers (auth off) share one scope. */
export function callerOf(request: Request): CallerInfo {
  return callers.get(request) ?? { keyHash: "anonymous" };
}

/**
 * The end of a request whose response body the gateway streams itself, for the concurrency
 * middleware: the slot is held until the stream is over (completed, failed, or the client
 * left), which the pipeline signals from its one `finish`. Cheaper than wrapping every response
 * body in another ReadableStream to notice its end.
 */
interface RequestEnd {
  held: boolean;
  done: boolean;
  then?: () => void;
}

const ends = new WeakMap<Request, RequestEnd>();

function endOf(request: Request): RequestEnd {
  let end = ends.get(request);
  if (!end) ends.set(request, end = { held: false, done: false });
  return end;
}

/** The pipeline: this request's response is a stream; `markRequestDone` will follow. */
export function holdUntilDone(request: Request): void {
  endOf(request).held = true;
}

/** The pipeline: the request is over. Runs the `whenRequestDone` callback, if any, once. */
export function markRequestDone(request: Request): void {
  const end = endOf(request);
  end.done = true;
  const then = end.then;
  end.then = undefined;
  then?.();
}

/**
 * Middleware, once the handler has answered: runs `then` when the request is over, which is now
 * unless the response is a stream still running.
 */
export function whenRequestDone(request: Request, then: () => void): void {
  const end = endOf(request);
  if (!end.held || end.done) then();
  else end.then = then;
}
