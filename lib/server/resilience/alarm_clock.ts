/**
 * Many deadlines, one timer. Every request sets a body-arrival deadline and a request deadline,
 * and nearly all of them are cancelled long before they fire; a runtime timer each (create,
 * then clear) was a measurable share of a small request's CPU. Deadlines of one length fire in
 * the order they were set, so each length keeps a queue in deadline order, and one timer is
 * armed for the earliest deadline of all queues. Setting a deadline appends to its queue and
 * cancelling one unlinks it, both in constant time; the timer is re-armed only when it fires
 * (or an earlier deadline arrives), and cleared when no deadline is left, so an idle gateway,
 * and a finished test, holds no timer.
 *
 * @module
 */

/** A deadline that has been set: cancel it before it fires, and it never will. */
export interface Alarm {
  cancel(): void;
}

interface Waiting {
  at: number;
  fire: () => void;
  queue: Queue;
  prev?: Waiting;
  next?: Waiting;
}

/** The deadlines of one length, earliest first (each is set later than the one before). */
interface Queue {
  head?: Waiting;
  tail?: Waiting;
}

/** Longer delays overflow the runtime's timer and fire at once; the clock re-arms instead. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class AlarmClock {
  readonly #queues = new Map<number, Queue>();
  #waiting = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Calls `fire` once `ms` have passed, unless cancelled first. */
  after(ms: number, fire: () => void): Alarm {
    let queue = this.#queues.get(ms);
    if (!queue) this.#queues.set(ms, queue = {});
    const entry: Waiting = { at: this.now() + ms, fire, queue, prev: queue.tail };
    if (queue.tail) queue.tail.next = entry;
    else queue.head = entry;
    queue.tail = entry;
    this.#waiting++;
    if (entry.at < this.#timerAt) this.#arm(entry.at);
    let cancelled = false;
    return {
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        this.#unlink(entry);
      },
    };
  }

  /** Deadlines set and neither fired nor cancelled. */
  get pending(): number {
    return this.#waiting;
  }

  #unlink(entry: Waiting): void {
    const { queue, prev, next } = entry;
    if (prev) prev.next = next;
    else if (queue.head === entry) queue.head = next;
    else return; // fired already
    if (next) next.prev = prev;
    else queue.tail = prev;
    entry.prev = entry.next = undefined;
    this.#waiting--;
    if (this.#waiting === 0) this.#disarm();
  }

  #arm(at: number): void {
    this.#disarm();
    this.#timerAt = at;
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, at - this.now()));
    this.#timer = setTimeout(() => this.#ring(), delay);
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  /** Fires every deadline that has passed, then arms the timer for the earliest one left. */
  #ring(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = this.now();
    const due: Waiting[] = [];
    let earliest = Infinity;
    for (const queue of this.#queues.values()) {
      while (queue.head && queue.head.at <= now) {
        due.push(queue.head);
        this.#unlink(queue.head);
      }
      if (queue.head) earliest = Math.min(earliest, queue.head.at);
    }
    if (earliest < Infinity) this.#arm(earliest);
    for (const entry of due) {
      try {
        entry.fire();
      } catch {
        // One deadline's failure must not keep the others from firing.
      }
    }
  }
}

/** The process's clock: request and body deadlines share its one timer. */
export const alarms: AlarmClock = new AlarmClock();
