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

export async function* sequentialBlocks(
  events: AsyncIterable<IrStreamEvent>,
): AsyncGenerator<IrStreamEvent> {
  let active: number | undefined; // upstream index of the block streaming live
  const waiting: number[] = []; // upstream indexes started while another was active, in order
  const held = new Map<number, BlockEvent[]>();
  const stopped = new Set<number>();
  const renumber = new Map<number, number>();
  let nextIndex = 0;

  const emit = (event: BlockEvent): BlockEvent => {
    if (event.type === "block_start") renumber.set(event.index, nextIndex++);
    return { ...event, index: renumber.get(event.index)! } as BlockEvent;
  };

  // After the active block stops, drain held blocks; a drained block that has not stopped yet
  // becomes the new live one.
  function* promote(): Generator<IrStreamEvent> {
    while (active === undefined && waiting.length > 0) {
      const next = waiting.shift()!;
      for (const e of held.get(next) ?? []) yield emit(e);
      held.delete(next);
      if (!stopped.has(next)) active = next;
    }
  }

  for await (const event of events) {
    if (!("index" in event)) {
      if (event.type === "finish" || event.type === "error") {
        // Flush anything still held so no content is lost at the end.
        active = undefined;
        yield* promote();
      }
      yield event;
      continue;
    }
    if (event.type === "block_start" && active === undefined && waiting.length === 0) {
      active = event.index;
      yield emit(event);
      continue;
    }
    if (event.type === "block_start") {
      waiting.push(event.index);
      held.set(event.index, [event]);
      continue;
    }
    if (event.index === active) {
      yield emit(event);
      if (event.type === "block_stop") {
        active = undefined;
        yield* promote();
      }
      continue;
    }
    held.get(event.index)?.push(event);
    if (event.type === "block_stop") stopped.add(event.index);
  }
  active = undefined;
  yield* promote();
}
