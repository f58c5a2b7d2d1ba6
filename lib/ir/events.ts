/**
 * The typed stream every adapter decodes into and every entry encodes from.
 *
 * Contract (checked by `collect`): one `message_start` first; each block is opened by
 * `block_start`, receives deltas of its own kind and is closed by `block_stop`; `index` is the
 * block's position in the final content array and increases by one per new block. Blocks may
 * interleave (OpenAI streams parallel tool calls by index); entries whose wire cannot interleave
 * run `sequentialBlocks` first. A stream ends with exactly one `finish` or one `error`.
 *
 * @module
 */
import type { GatewayError } from "./error.ts";
import type { Origin } from "./content.ts";
import type { StopInfo } from "./stop.ts";
import type { Usage } from "./usage.ts";

export type BlockStart =
  | { type: "text"; thoughtSignature?: string; origin?: Origin }
  | { type: "thinking"; itemId?: string; origin?: Origin }
  | { type: "redacted_thinking"; data: string; origin?: Origin }
  | {
    type: "tool_call";
    id: string;
    name: string;
    kind?: "function" | "custom";
    thoughtSignature?: string;
    origin?: Origin;
  };

export type IrStreamEvent =
  | { type: "message_start"; id: string; model: string; usage?: Partial<Usage> }
  | { type: "block_start"; index: number; block: BlockStart }
  | { type: "text_delta"; index: number; text: string }
  /** A fragment of the tool input's JSON text; fragments concatenate to the full object. */
  | { type: "tool_input_delta"; index: number; json: string }
  | { type: "thinking_delta"; index: number; text: string }
  | { type: "signature_delta"; index: number; signature: string }
  | { type: "block_stop"; index: number }
  /** Cumulative usage so far; later reports win field by field. */
  | { type: "usage"; usage: Partial<Usage> }
  | { type: "finish"; stop: StopInfo; usage?: Partial<Usage> }
  | { type: "error"; error: GatewayError };

export type IrStreamEventType = IrStreamEvent["type"];
