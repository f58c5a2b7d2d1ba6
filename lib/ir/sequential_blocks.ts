/**
 * Reorders interleaved blocks into one-at-a-time order, for wires that cannot interleave
 * (Anthropic SSE, Responses items as Codex reads them).
 *
 * The first block to start streams through live; events of blocks that start while another is
 * open are held until the open one stops. Indexes are renumbered in emission order. When no
 * interleaving happens, which is every real Anthropic upstream and most OpenAI ones, nothing is
 * held and latency is untouched.
 *
 * @module
 */
import type { IrStreamEvent } from "./events.ts";

type BlockEvent = Extract<IrStreamEvent, { index: number }>;

export interface SequentialBlocks {
  /** One event; what may go out now is pushed onto `out`, in order. */
  push(event: IrStreamEvent, out: IrStreamEvent[]): void;
  /** The events ended: whatever is still held goes out. */
  end(out: IrStreamEvent[]): void;
}

/** The synchronous core: one event in, the events that may go out now. */
export function sequentialBlocker(): SequentialBlocks {
  let active: number | undefined; // upstream index of the block streaming live
  const waiting: number[] = []; // upstream indexes started while another was active, in order
  const held = new Map<number, BlockEvent[]>();
  const stopped = new Set<number>();
  const renumber = new Map<number, number>();
  let nextIndex = 0;

  const emit = (event: BlockEvent): BlockEvent => {
    if (event.type === "block_start") renumber.set(event.index, nextIndex++);
    const index = renumber.get(event.index)!;
    // Without interleaving indexes keep their numbers: the event goes out as it came.
    return index === event.index ? event : { ...event, index } as BlockEvent;
  };

  // After the active block stops, drain held blocks; a drained block that has not stopped yet
  // becomes the new live one.
  const promote = (out: IrStreamEvent[]) => {
    while (active === undefined && waiting.length > 0) {
      const next = waiting.shift()!;
      for (const e of held.get(next) ?? []) out.push(emit(e));
      held.delete(next);
      if (!stopped.has(next)) active = next;
    }
  };

  return {
    push(event, out) {
      if (!("index" in event)) {
        if (event.type === "finish" || event.type === "error") {
          // Flush anything still held so no content is lost at the end.
          active = undefined;
          promote(out);
        }
        out.push(event);
        return;
      }
      if (event.type === "block_start" && active === undefined && waiting.length === 0) {
        active = event.index;
        out.push(emit(event));
        return;
      }
      if (event.type === "block_start") {
        waiting.push(event.index);
        held.set(event.index, [event]);
        return;
      }
      if (event.index === active) {
        out.push(emit(event));
        if (event.type === "block_stop") {
          active = undefined;
          promote(out);
        }
        return;
      }
      held.get(event.index)?.push(event);
      if (event.type === "block_stop") stopped.add(event.index);
    },
    end(out) {
      active = undefined;
      promote(out);
    },
  };
}

/** The async-generator form of `sequentialBlocker`. */
export async function* sequentialBlocks(
  events: AsyncIterable<IrStreamEvent>,
): AsyncGenerator<IrStreamEvent> {
  const blocks = sequentialBlocker();
  const out: IrStreamEvent[] = [];
  for await (const event of events) {
    blocks.push(event, out);
    for (let i = 0; i < out.length; i++) yield out[i];
    out.length = 0;
  }
  blocks.end(out);
  for (let i = 0; i < out.length; i++) yield out[i];
}
