/**
 * The one stage between an upstream stream and the client's encoder. Per event it enforces the
 * idle limit and lets a watcher see the event; a read failure becomes the stream's error event;
 * however the stream ends (completed, failed, timed out, or the client left) it closes the
 * upstream and tells the watcher, exactly once.
 *
 * These were three stacked async generators (upstream guard, idle timeout, observer); each layer
 * costs promise turns and allocations per event, so they are one loop calling plain functions.
 *
 * @module
 */
import { GatewayError } from "../../ir/error.ts";
import type { IrStreamEvent } from "../../ir/events.ts";
import type { UpstreamStream } from "./call_target.ts";
import { IDLE, idleGuard } from "../resilience/timeouts.ts";

export interface StreamWatcher {
  /**
   * Every event, just before it goes on to the client. A promise (the exchange being stored on
   * `finish`) is awaited before the event is passed on, so the client never sees the end of a
   * turn that a chained next turn could not find yet.
   */
  see(event: IrStreamEvent): Promise<void> | void;
  /** The stream reached its end, its last event perhaps an error, before the client left. */
  reachedEnd(): Promise<void>;
  /** Last, once, however the stream ended; the upstream is closed by then. */
  ended(): void;
}

export interface IdleLimit {
  ms: number;
  /** The event that ends a stream silent for `ms`; it should also abort the upstream read. */
  onIdle(): IrStreamEvent;
}

export interface Relay {
  events: AsyncGenerator<IrStreamEvent>;
  /**
   * The client left. The upstream is closed now, whatever the generator is waiting on; if the
   * generator never started, its `finally` cannot run, so this does all of its work.
   */
  abandon(): void;
  /** True while the relay can only wait for the upstream's network (see `textStream`). */
  blocked(): boolean;
}

export function relayStream(
  upstream: UpstreamStream,
  watcher: StreamWatcher,
  idle: IdleLimit,
): Relay {
  let started = false;
  let closed = false;
  let abandoned = false;
  const close = () => {
    if (closed) return;
    closed = true;
    upstream.close();
    watcher.ended();
  };
  return {
    events: relay(),
    abandon: () => {
      abandoned = true;
      if (!started) close();
      else upstream.close(); // a pending read fails now; the generator's finally does the rest
    },
    blocked: upstream.blocked,
  };

  async function* relay(): AsyncGenerator<IrStreamEvent> {
    started = true;
    const guard = idleGuard(idle.ms);
    try {
      await watcher.see(upstream.head);
      yield upstream.head;
      let last = false; // after a timeout or a failed read nothing more is read
      while (!last) {
        let event: IrStreamEvent;
        try {
          const next = upstream.rest.next();
          const result = await guard.wait(next);
          if (result === IDLE) {
            next.catch(() => {}); // settles once the upstream is aborted; nobody reads it
            event = idle.onIdle();
            last = true;
          } else if (result.done) {
            break;
          } else {
            event = result.value;
          }
        } catch (error) {
          event = { type: "error", error: abandoned ? clientLeft() : upstream.failure(error) };
          last = true;
        }
        const seen = watcher.see(event);
        if (seen) await seen;
        yield event;
      }
      await watcher.reachedEnd();
    } finally {
      guard.stop();
      close();
    }
  }
}

/** A read aborted because the client went away: the client's doing, not the upstream's. */
function clientLeft(): GatewayError {
  return new GatewayError({ status: 499, kind: "api_error", message: "client closed the stream" });
}
