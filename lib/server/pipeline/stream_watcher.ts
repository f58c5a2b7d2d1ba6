/**
 * Watches a stream on its way to the client: usage and stop reason for the request record, the
 * collected response for stateful entries, and one `finish` call however the stream ends
 * (completed, failed, or the client went away).
 *
 * A stateful exchange is stored on the terminal `finish` event itself, before it reaches the
 * client's encoder: an encoder that returns once it wrote its last frame, or a client that
 * closes the connection right after it, can no longer skip the store. A stream that ends in an
 * error (or that the client left before `finish`) has no complete turn and stores nothing.
 *
 * @module
 */
import { GatewayError } from "../../ir/error.ts";
import { collectEvents } from "../../ir/collect.ts";
import type { IrStreamEvent } from "../../ir/events.ts";
import type { IrResponse } from "../../ir/response.ts";
import { mergeUsage, ZERO_USAGE } from "../../ir/usage.ts";
import type { RequestLifecycle } from "../../observability/request_lifecycle.ts";
import type { StopReason } from "../../ir/stop.ts";
import type { Usage } from "../../ir/usage.ts";
import type { RequestScope } from "../scope.ts";
import type { StreamWatcher } from "./relay_events.ts";

/** However the stream ended: `error` when it failed or the client left before `finish`. */
export type StreamEnd = (end: {
  error?: GatewayError;
  /** Undefined when the client left before the first event was pulled. */
  usage?: Usage;
  stopReason?: StopReason;
}) => void;

/**
 * How a model request's stream ends, whichever path relays it: its deadline goes, its record is
 * finished (or failed, with what usage came), and the request is over.
 */
export function endOfRequest(scope: RequestScope): StreamEnd {
  const limit = scope.deadline!;
  const lifecycle = scope.lifecycle!;
  return ({ error, usage, stopReason }) => {
    limit.dispose();
    lifecycle.emit(
      error
        ? { type: "failed", status: 200, error, usage, stopReason }
        : { type: "finished", status: 200, usage, stopReason },
    );
    scope.end();
  };
}

export function streamWatcher(
  lifecycle: RequestLifecycle,
  finish: StreamEnd,
  remember: ((response: IrResponse) => Promise<void>) | undefined,
): StreamWatcher {
  const seen: IrStreamEvent[] | undefined = remember ? [] : undefined;
  let usage = ZERO_USAGE;
  let stopReason: StopReason | undefined;
  let failed: GatewayError | undefined;
  let completed = false;
  let watched = false; // false when the client left before the first event was pulled
  const store = (): Promise<void> | undefined => {
    if (failed || !remember || !seen) return undefined;
    let response: IrResponse | undefined;
    try {
      response = collectEvents(seen);
    } catch {
      response = undefined; // a malformed stream is not worth remembering
    }
    return response ? remember(response) : undefined;
  };
  return {
    arrived() {
      lifecycle.emit(PULLED);
    },
    see(event) {
      watched = true;
      seen?.push(event);
      if (event.type === "message_start" || event.type === "usage") {
        usage = mergeUsage(usage, event.usage);
      }
      if (event.type === "error") failed = event.error;
      if (event.type === "finish") {
        usage = mergeUsage(usage, event.usage);
        stopReason = event.stop.reason;
        completed = true;
        return store();
      }
    },
    reachedEnd() {
      return Promise.resolve();
    },
    ended() {
      if (!completed && !failed) {
        failed = new GatewayError({
          status: 499,
          kind: "api_error",
          message: "client closed the stream",
        });
      }
      finish({ error: failed, usage: watched ? usage : undefined, stopReason });
    },
  };
}

/** Events arrived from the upstream: the upstream time runs to here. Made once. */
const PULLED = { type: "upstream_answered" } as const;
