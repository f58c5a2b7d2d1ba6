/**
 * The one subscription point for finished request records: the dashboard and the trace
 * exporter subscribe here instead of being wired into the request pipeline. Publishing is
 * synchronous and cheap; a subscriber that throws never hides the record from the others.
 *
 * @module
 */
import type { RequestObserver, RequestRecord } from "./request_record.ts";

export interface RequestFeed {
  /** Hands a finished record to every subscriber (a `RequestObserver`). */
  publish: RequestObserver;
  /** Adds a subscriber; returns the function that removes it. */
  subscribe(observer: RequestObserver): () => void;
}

export function createRequestFeed(): RequestFeed {
  const observers = new Set<RequestObserver>();
  return {
    publish(record: RequestRecord) {
      for (const observe of observers) {
        try {
          observe(record);
        } catch {
          // An observer's bug must not fail the request it observes.
        }
      }
    },
    subscribe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
  };
}
