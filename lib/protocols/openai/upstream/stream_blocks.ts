/**
 * Block bookkeeping for the Chat Completions stream decoder: which IR blocks are open, the next
 * IR index, and the text/reasoning block currently receiving deltas.
 *
 * Text and reasoning close as soon as something else starts, so wires that cannot interleave
 * (Anthropic, via `sequentialBlocks`) stream tool calls live instead of holding them until the
 * end. Tool calls stay open to the end: OpenAI-compatible servers may interleave their
 * argument fragments by index.
 *
 * @module
 */
import type { Origin } from "../../../ir/content.ts";
import type { BlockStart, IrStreamEvent } from "../../../ir/events.ts";

export interface BlockState {
  nextIndex: number;
  open: number[];
  text?: number;
  thinking?: number;
}

export function newBlockState(): BlockState {
  return { nextIndex: 0, open: [] };
}

/** Opens a block; returns its IR index. */
export function startBlock(state: BlockState, block: BlockStart, out: IrStreamEvent[]): number {
  const index = state.nextIndex++;
  state.open.push(index);
  out.push({ type: "block_start", index, block });
  return index;
}

export function stopBlock(state: BlockState, index: number | undefined, out: IrStreamEvent[]) {
  if (index === undefined) return;
  const at = state.open.indexOf(index);
  if (at < 0) return;
  state.open.splice(at, 1);
  if (state.text === index) state.text = undefined;
  if (state.thinking === index) state.thinking = undefined;
  out.push({ type: "block_stop", index });
}

export function stopAll(state: BlockState, out: IrStreamEvent[]) {
  for (const index of [...state.open]) stopBlock(state, index, out);
}

export function textDelta(state: BlockState, text: string, out: IrStreamEvent[]) {
  if (text === "") return;
  stopBlock(state, state.thinking, out);
  if (state.text === undefined) state.text = startBlock(state, { type: "text" }, out);
  out.push({ type: "text_delta", index: state.text, text });
}

export function thinkingDelta(
  state: BlockState,
  text: string,
  origin: Origin,
  out: IrStreamEvent[],
) {
  if (text === "") return;
  stopBlock(state, state.text, out);
  if (state.thinking === undefined) {
    state.thinking = startBlock(state, { type: "thinking", origin }, out);
  }
  out.push({ type: "thinking_delta", index: state.thinking, text });
}
