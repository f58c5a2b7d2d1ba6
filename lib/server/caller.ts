/**
 * Facts about the caller established by middleware (auth) and read by the request pipeline,
 * attached to the Request object itself so no handler signature has to change.
 *
 * @module
 */
export interface CallerInfo {
  /** Short hash of the caller's gateway key; scopes stored history and per-key limits. */
  keyHash: string;
}

const callers = new WeakMap<Request, CallerInfo>();

export function setCaller(request: Request, info: CallerInfo): void {
  callers.set(request, info);
}

/** Anonymous callers (auth off) share one scope. */
export function callerOf(request: Request): CallerInfo {
  return callers.get(request) ?? { keyHash: "anonymous" };
}

const signals = new WeakMap<Request, AbortSignal>();

/**
 * Registers the signal that fires when the client disconnects. Runtime glue calls this where
 * `request.signal` means something else (Deno's also fires after a successful response).
 */
export function setClientSignal(request: Request, signal: AbortSignal): void {
  signals.set(request, signal);
}

/** The signal that fires when the client goes away. */
export function clientSignal(request: Request): AbortSignal {
  return signals.get(request) ?? request.signal;
}
