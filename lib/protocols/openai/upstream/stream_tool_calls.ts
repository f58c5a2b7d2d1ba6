/**
 * Assembles streamed `tool_calls` fragments into IR tool-call blocks.
 *
 * Real servers bend the documented shape (field-notes §3.5), so calls are keyed by wire index
 * with these rules:
 * - a new `id` at an index already in use, or a different `name` without an id, starts a new
 *   call (servers that send every call at index 0);
 * - a block starts as soon as id and name are known; a server that never sends ids gets one
 *   minted when arguments begin; arguments that arrive before that are held;
 * - a fragment that repeats everything received so far plus more (cumulative resend) yields only
 *   the new suffix, and an exact repeat of complete JSON is ignored.
 *
 * @module
 */
import type { Origin } from "../../../ir/content.ts";
import { GatewayError } from "../../../ir/error.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import { isObject, type JsonObject } from "../../../json/fields.ts";
import { thoughtSignature } from "./decode_response.ts";
import { type BlockState, startBlock, stopBlock } from "./stream_blocks.ts";

interface CallState {
  id?: string;
  name?: string;
  signature?: string;
  block?: number;
  received: string;
  held: string;
}

export interface ToolCallState {
  calls: Map<number, CallState>;
  /** How many calls have an IR block: any at all makes the turn `tool_use`. */
  started: number;
}

export function newToolCallState(): ToolCallState {
  return { calls: new Map(), started: 0 };
}

export interface ToolCallContext {
  origin: Origin;
  newId: (prefix: string) => string;
}

export function toolCallDeltas(
  blocks: BlockState,
  state: ToolCallState,
  fragments: unknown[],
  ctx: ToolCallContext,
  out: IrStreamEvent[],
): void {
  stopBlock(blocks, blocks.text, out);
  stopBlock(blocks, blocks.thinking, out);
  for (const [position, raw] of fragments.entries()) {
    if (!isObject(raw)) continue;
    const wireIndex = typeof raw.index === "number" ? raw.index : position;
    const call = callFor(state, wireIndex, raw);
    const fn = isObject(raw.function) ? raw.function : {};
    const args = typeof fn.arguments === "string" ? newArguments(call, fn.arguments) : "";
    if (call.block === undefined && call.name !== undefined && (call.id || args !== "")) {
      startCall(blocks, state, call, ctx, out);
    }
    if (args === "") continue;
    if (call.block !== undefined) {
      out.push({ type: "tool_input_delta", index: call.block, json: args });
    } else call.held += args;
  }
}

function startCall(
  blocks: BlockState,
  state: ToolCallState,
  call: CallState,
  ctx: ToolCallContext,
  out: IrStreamEvent[],
): void {
  call.id ??= ctx.newId("call_");
  const index = startBlock(blocks, {
    type: "tool_call",
    id: call.id,
    name: call.name ?? "",
    ...(call.signature ? { thoughtSignature: call.signature, origin: ctx.origin } : {}),
  }, out);
  call.block = index;
  state.started++;
  if (call.held !== "") out.push({ type: "tool_input_delta", index, json: call.held });
  call.held = "";
}

function callFor(state: ToolCallState, wireIndex: number, raw: JsonObject): CallState {
  const fn = isObject(raw.function) ? raw.function : {};
  const id = typeof raw.id === "string" && raw.id !== "" ? raw.id : undefined;
  const name = typeof fn.name === "string" && fn.name !== "" ? fn.name : undefined;
  let call = state.calls.get(wireIndex);
  const isNew = !call ||
    (id !== undefined && call.id !== undefined && id !== call.id) ||
    (id === undefined && name !== undefined && call.name !== undefined && name !== call.name);
  if (!call || isNew) {
    call = { received: "", held: "" };
    state.calls.set(wireIndex, call);
  }
  call.id ??= id;
  call.name ??= name;
  call.signature ??= thoughtSignature(raw);
  return call;
}

function newArguments(call: CallState, text: string): string {
  const seen = call.received;
  let fresh = text;
  if (seen.trim() !== "" && text.length > seen.length && text.startsWith(seen)) {
    fresh = text.slice(seen.length);
  } else if (seen !== "" && text === seen && isCompleteJson(seen)) {
    fresh = "";
  }
  call.received += fresh;
  return fresh;
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * At the end of the stream: an id-less call without arguments starts now (with a minted id);
 * a call whose name never arrived cannot be run by any client, which is an upstream failure.
 */
export function finishToolCalls(
  blocks: BlockState,
  state: ToolCallState,
  ctx: ToolCallContext,
  out: IrStreamEvent[],
): GatewayError | undefined {
  for (const call of state.calls.values()) {
    if (call.block !== undefined) continue;
    if (call.name === undefined) {
      return new GatewayError({
        status: 502,
        kind: "api_error",
        message: "upstream streamed a tool call without a name",
      });
    }
    startCall(blocks, state, call, ctx, out);
  }
  return undefined;
}
