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
