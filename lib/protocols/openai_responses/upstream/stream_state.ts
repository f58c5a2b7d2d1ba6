/**
 * What `decode_stream.ts` remembers across Responses events: the IR block of each output item
 * (or message part), what each block has received so far, and whether the stream started.
 *
 * @module
 */
import type { GatewayError } from "../../../ir/error.ts";
import type { IrStreamEvent } from "../../../ir/events.ts";
import type { AdapterContext } from "../../adapter.ts";
import { isObject } from "../../../json/fields.ts";
import { reasoningText } from "../client/reasoning_items.ts";
import { callId, partText, toolName } from "./decode_response.ts";
import { mapResponsesStop } from "../stop_reason.ts";
import { decodeResponsesUsage } from "../usage.ts";

type ItemState =
  | { type: "message"; parts: Map<number, { block: number; text: string; open: boolean }> }
  | { type: "call"; block: number; custom: boolean; sent: string; open: boolean }
  | {
    type: "reasoning";
    block: number;
    sent: string;
    summaries: number;
    raw: string;
    open: boolean;
  }
  | { type: "ignored" };

/** JSON string-body escaping of a fragment: concatenated fragments form one valid JSON string. */
function jsonFragment(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

export class ResponsesStreamState {
  readonly out: IrStreamEvent[] = [];
  #started = false;
  #nextBlock = 0;
  #items = new Map<number, ItemState>();
  #sawToolCall = false;

  constructor(private readonly ctx: AdapterContext) {}

  start(response: Record<string, unknown>): void {
    if (this.#started) return;
    this.#started = true;
    this.out.push({
      type: "message_start",
      id: typeof response.id === "string" ? response.id : "",
      model: typeof response.model === "string" ? response.model : "",
    });
  }

  itemAdded(index: number, item: Record<string, unknown>): ItemState {
    this.start({});
    let state: ItemState;
    switch (item.type) {
      case "message":
        state = { type: "message", parts: new Map() };
        break;
      case "function_call":
      case "custom_tool_call": {
        const custom = item.type === "custom_tool_call";
        const block = this.#nextBlock++;
        this.#sawToolCall = true;
        this.out.push({
          type: "block_start",
          index: block,
          block: custom
            ? { type: "tool_call", id: callId(item), name: toolName(item), kind: "custom" }
            : { type: "tool_call", id: callId(item), name: toolName(item) },
        });
        if (custom) this.out.push({ type: "tool_input_delta", index: block, json: '{"input":"' });
        state = { type: "call", block, custom, sent: "", open: true };
        break;
      }
      case "reasoning": {
        const block = this.#nextBlock++;
        this.out.push({
          type: "block_start",
          index: block,
          block: typeof item.id === "string"
            ? { type: "thinking", itemId: item.id, origin: this.ctx.origin }
            : { type: "thinking", origin: this.ctx.origin },
        });
        state = { type: "reasoning", block, sent: "", summaries: 0, raw: "", open: true };
        break;
      }
      default:
        state = { type: "ignored" };
    }
    this.#items.set(index, state);
    return state;
  }

  partText(index: number, part: number, text: string): void {
    const item = this.#items.get(index) ?? this.itemAdded(index, { type: "message" });
    if (item.type !== "message") return;
    let state = item.parts.get(part);
    if (!state) {
      state = { block: this.#nextBlock++, text: "", open: true };
      item.parts.set(part, state);
      this.out.push({ type: "block_start", index: state.block, block: { type: "text" } });
    }
    if (text === "" || !state.open) return;
    state.text += text;
    this.out.push({ type: "text_delta", index: state.block, text });
  }

  /** `final` is the part's whole text; only what the deltas missed is sent. */
  partDone(index: number, part: number, final: string | undefined, stop: boolean): void {
    const item = this.#items.get(index);
    const state = item?.type === "message" ? item.parts.get(part) : undefined;
    if (!state) {
      if (final === undefined) return;
      this.partText(index, part, final);
    } else if (final !== undefined && final.startsWith(state.text)) {
      this.partText(index, part, final.slice(state.text.length));
    }
    const opened = (this.#items.get(index) as Extract<ItemState, { type: "message" }>)?.parts
      ?.get(part);
    if (stop && opened?.open) {
      opened.open = false;
      this.out.push({ type: "block_stop", index: opened.block });
    }
  }

  callDelta(index: number, delta: string): void {
    const item = this.#items.get(index);
    if (item?.type !== "call" || !item.open || delta === "") return;
    item.sent += delta;
    const json = item.custom ? jsonFragment(delta) : delta;
    this.out.push({ type: "tool_input_delta", index: item.block, json });
  }

  callDone(index: number, final: string | undefined): void {
    const item = this.#items.get(index);
    if (item?.type !== "call" || final === undefined || !final.startsWith(item.sent)) return;
    this.callDelta(index, final.slice(item.sent.length));
  }

  summaryPart(index: number): void {
    const item = this.#items.get(index);
    if (item?.type !== "reasoning") return;
    if (item.summaries > 0) this.#thinking(item, "\n\n");
    item.summaries++;
  }

  summaryDelta(index: number, delta: string): void {
    const item = this.#items.get(index);
    if (item?.type !== "reasoning") return;
    if (item.summaries === 0) item.summaries = 1;
    this.#thinking(item, delta);
  }

  /** Raw reasoning text counts only when no summary comes; held until the item is done. */
  reasoningTextDelta(index: number, delta: string): void {
    const item = this.#items.get(index);
    if (item?.type === "reasoning") item.raw += delta;
  }

  #thinking(item: Extract<ItemState, { type: "reasoning" }>, text: string): void {
    if (text === "" || !item.open) return;
    item.sent += text;
    this.out.push({ type: "thinking_delta", index: item.block, text });
  }

  itemDone(index: number, done: Record<string, unknown>): void {
    const item = this.#items.get(index) ?? this.itemAdded(index, done);
    switch (item.type) {
      case "message": {
        const parts = Array.isArray(done.content) ? done.content.filter(isObject) : [];
        parts.forEach((p, i) => this.partDone(index, i, partText(p), true));
        for (const [i] of item.parts) this.partDone(index, i, undefined, true);
        return;
      }
      case "call": {
        const final = item.custom ? done.input : done.arguments;
        this.callDone(index, typeof final === "string" ? final : undefined);
        if (item.custom) this.out.push({ type: "tool_input_delta", index: item.block, json: '"}' });
        item.open = false;
        this.out.push({ type: "block_stop", index: item.block });
        return;
      }
      case "reasoning":
        return this.#reasoningDone(item, done);
      case "ignored":
        return;
    }
  }

  #reasoningDone(
    item: Extract<ItemState, { type: "reasoning" }>,
    done: Record<string, unknown>,
  ): void {
    const final = reasoningText(done) || (item.sent === "" ? item.raw : "");
    if (final.startsWith(item.sent)) this.#thinking(item, final.slice(item.sent.length));
    if (typeof done.encrypted_content === "string" && done.encrypted_content !== "") {
      this.out.push({
        type: "signature_delta",
        index: item.block,
        signature: done.encrypted_content,
      });
    }
    item.open = false;
    this.out.push({ type: "block_stop", index: item.block });
  }

  /** Closes whatever the upstream left open, then the finish event. */
  finish(response: Record<string, unknown>): void {
    this.start(response);
    this.#closeAll();
    const usage = decodeResponsesUsage(response.usage);
    const stop = mapResponsesStop(response, this.#sawToolCall);
    this.out.push(usage ? { type: "finish", stop, usage } : { type: "finish", stop });
  }

  fail(error: GatewayError): void {
    this.out.push({ type: "error", error });
  }

  #closeAll(): void {
    for (const item of this.#items.values()) {
      if (item.type === "message") {
        for (const part of item.parts.values()) {
          if (part.open) this.out.push({ type: "block_stop", index: part.block });
          part.open = false;
        }
      } else if (item.type !== "ignored" && item.open) {
        if (item.type === "call" && item.custom) {
          this.out.push({ type: "tool_input_delta", index: item.block, json: '"}' });
        }
        item.open = false;
        this.out.push({ type: "block_stop", index: item.block });
      }
    }
  }
}
