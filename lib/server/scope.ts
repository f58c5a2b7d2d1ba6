/**
 * One request's scope, like a Hono Context: created by the handler for every request and passed
 * down through the middleware and the pipeline. It carries what used to travel in side channels
 * keyed by the `Request`: who the caller is (set by auth), the body once it arrived (set by the
 * body-arrival middleware), the pipeline's deadline, and the end of the request (a stream ends
 * after the handler has returned its response).
 *
 * @module
 */
import type { KeyRules } from "../config/types.ts";
import type { RequestLifecycle } from "../observability/request_lifecycle.ts";
import type { Deadline } from "./resilience/timeouts.ts";
import type { RouteMatch } from "./routes.ts";

export interface CallerInfo {
  /** Short hash of the caller's gateway key; scopes stored history and per-key limits. */
  keyHash: string;
  /** A named key (`[[keys]]` or the admin API): its name and the rules it carries. */
  named?: { name: string; rules: KeyRules };
}

/** The caller's name in usage, metrics and per-key limits: a key name, else the key's hash. */
export function callerLabel(caller: CallerInfo): string {
  return caller.named?.name ?? caller.keyHash;
}

/** Anonymous callers (auth off) share one scope. */
const ANONYMOUS: CallerInfo = { keyHash: "anonymous" };

export interface RequestScope {
  readonly request: Request;
  readonly url: URL;
  /** What the path is: the endpoint it names and the protocol shape every answer takes. */
  readonly route: RouteMatch;
  /** The client's `x-request-id` (bounded) or a fresh `req_` id, made on first use. */
  readonly id: string;
  /** Set by auth; anonymous when auth is off. */
  caller: CallerInfo;
  /** The request body, once the body-arrival middleware has read it. */
  body?: Uint8Array;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /** The pipeline's deadline (`request_timeout_secs`), once the pipeline has set it. */
  deadline?: Deadline;
  /** The record's owner, for the model endpoints (set by the pipeline once it knows the entry). */
  lifecycle?: RequestLifecycle;
  /** Settles when the request is over: its response returned, or its stream ended. */
  readonly done: Promise<void>;
  /** The pipeline: this request's response is a stream; `end` will follow when it is over. */
  holdUntilEnd(): void;
  /** The request is over. Runs the `onEnd` callbacks, once. */
  end(): void;
  /** The handler: the answer is out; the request is over unless it is a stream still running. */
  responded(): void;
  /**
   * Middleware, once the handler has answered: runs `then` when the request is over, which is
   * now unless the response is a stream still running.
   */
  onEnd(then: () => void): void;
}

export function createScope(
  request: Request,
  route: RouteMatch,
  newId: (prefix: string) => string,
  url = new URL(request.url),
): RequestScope {
  let id: string | undefined;
  let held = false;
  let ended = false;
  let waiting: (() => void)[] = [];
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const end = () => {
    if (ended) return;
    ended = true;
    const then = waiting;
    waiting = [];
    for (const run of then) run();
    resolveDone();
  };
  return {
    request,
    url,
    route,
    get id() {
      return id ??= request.headers.get("x-request-id")?.slice(0, 128) || newId("req_");
    },
    caller: ANONYMOUS,
    signal: request.signal,
    done,
    holdUntilEnd() {
      held = true;
    },
    end,
    responded() {
      if (!held) end();
    },
    onEnd(then) {
      if (!held || ended) then();
      else waiting.push(then);
    },
  };
}
