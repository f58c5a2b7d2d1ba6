/**
 * The state of one Responses SSE stream being written: the sequence counter, the output items so
 * far and the item currently open. `encode_stream.ts` feeds it IR events one at a time, already
 * sequential, and writes out the frames it queues.
 *
 * @module
 */
import type { BlockStart, IrStreamEvent } from "../../../ir/events.ts";
import type { Origin } from "../../../ir/content.ts";
import type { GatewayError } from "../../../ir/error.ts";
import { upstreamToolArguments } from "../../../json/parse_json_object.ts";
import { mergeUsage, type Usage, ZERO_USAGE } from "../../../ir/usage.ts";
import { sseFrame } from "../../../streaming/sse_encode.ts";
import type { EntryContext } from "../../entry.ts";
import {
  customInputText,
  isCustomCall,
  messageItem,
  outputTextPart,
  reasoningItem,
  toolCallItem,
} from "./output_items.ts";
import { responseStatus } from "../stop_reason.ts";
import { encodeUsage } from "../usage.ts";
import { partSignatureItem } from "./part_signature_item.ts";
import { encryptedContentFor } from "./reasoning_items.ts";
import { clientResponseId, responseObject, type ResponseState } from "./response_object.ts";
import { failedResponseError } from "./encode_error.ts";

type OpenItem =
  | { kind: "message"; index: number; id: string; parts: string[]; partOpen: boolean }
  | {
    kind: "reasoning";
    index: number;
    id: string;
    text: string;
    signature: string;
    part: boolean;
    origin?: Origin;
  }
  | {
    kind: "redacted";
    index: number;
    id: string;
    block: Extract<BlockStart, { type: "redacted_thinking" }>;
  }
  | {
    kind: "tool";
    index: number;
    id: string;
    block: Extract<BlockStart, { type: "tool_call" }>;
    custom: boolean;
    json: string;
  };

export class ResponsesStreamWriter {
  readonly frames: string[] = [];
  done = false;
  #seq = 0;
  #state: ResponseState | undefined;
  #usage: Usage = ZERO_USAGE;
  #open: OpenItem | undefined;

  constructor(private readonly ctx: EntryContext) {}

  handle(event: IrStreamEvent): void {
    switch (event.type) {
      case "message_start":
        this.#start(event.id);
        this.#usage = mergeUsage(this.#usage, event.usage);
        return;
      case "block_start":
        return this.#blockStart(event.block);
      case "text_delta":
        return this.#textDelta(event.text);
      case "thinking_delta":
        return this.#thinkingDelta(event.text);
      case "signature_delta":
        if (this.#open?.kind === "reasoning") this.#open.signature += event.signature;
        return;
      case "tool_input_delta":
        return this.#toolDelta(event.json);
      case "block_stop":
        return this.#blockStop();
      case "usage":
        this.#usage = mergeUsage(this.#usage, event.usage);
        return;
      case "finish": {
        this.#usage = mergeUsage(this.#usage, event.usage);
        const { status, incomplete_details } = responseStatus(event.stop);
        if (status === "failed") {
          return this.fail({ code: "server_error", message: "the upstream stopped with an error" });
        }
        return this.#finish(status, incomplete_details);
      }
      case "error":
        return this.fail(failedResponseError(event.error));
      default:
        event satisfies never;
    }
  }

  /** Ends the stream with `response.failed`, keeping the output produced so far. */
  fail(error: { code: string; message: string } | GatewayError): void {
    if (this.done) return;
    const state = this.#start(undefined);
    this.#closeOpen();
    state.status = "failed";
    state.error = "kind" in error ? failedResponseError(error) : error;
    state.usage = encodeUsage(this.#usage);
    this.#emit("response.failed", { response: responseObject(state, this.ctx) });
    this.done = true;
  }

  #emit(type: string, payload: Record<string, unknown>): void {
    this.frames.push(sseFrame({ type, sequence_number: this.#seq++, ...payload }, type));
  }

  #start(upstreamId: string | undefined): ResponseState {
    if (this.#state) return this.#state;
    this.#state = {
      id: clientResponseId(upstreamId, this.ctx),
      createdAt: Math.floor(this.ctx.now() / 1000),
      status: "in_progress",
      output: [],
    };
    const response = responseObject({ ...this.#state, output: [] }, this.ctx);
    this.#emit("response.created", { response });
    this.#emit("response.in_progress", { response });
    return this.#state;
  }

  #addItem(item: Record<string, unknown>): number {
    const state = this.#start(undefined);
    const index = state.output.length;
    state.output.push(item);
    this.#emit("response.output_item.added", { output_index: index, item });
    return index;
  }

  #doneItem(index: number, item: Record<string, unknown>): void {
    this.#state!.output[index] = item;
    this.#emit("response.output_item.done", { output_index: index, item });
  }

  #blockStart(block: BlockStart): void {
    if (block.type === "text" && this.#open?.kind === "message") return this.#openPart(this.#open);
    this.#closeOpen();
    const ctx = this.ctx;
    switch (block.type) {
      case "text": {
        const id = ctx.newId("msg_");
        const index = this.#addItem(messageItem(id, [], "in_progress"));
        const open: OpenItem = { kind: "message", index, id, parts: [], partOpen: false };
        this.#open = open;
        return this.#openPart(open);
      }
      case "thinking": {
        const id = ctx.upstreamProtocol === "openai_responses" && block.itemId
          ? block.itemId
          : ctx.newId("rs_");
        const index = this.#addItem(reasoningItem(id, [], undefined));
        this.#open = {
          kind: "reasoning",
          index,
          id,
          text: "",
          signature: "",
          part: false,
          origin: block.origin,
        };
        return;
      }
      case "redacted_thinking": {
        const id = ctx.newId("rs_");
        const index = this.#addItem(reasoningItem(id, [], undefined));
        this.#open = { kind: "redacted", index, id, block };
        return;
      }
      case "tool_call": {
        if (block.thoughtSignature) {
          const item = partSignatureItem(ctx.newId("rs_"), block.thoughtSignature, block.origin);
          this.#doneItem(this.#addItem(item), item);
        }
        const custom = isCustomCall(block, ctx.request.tools);
        const id = ctx.newId(custom ? "ctc_" : "fc_");
        const index = this.#addItem(toolCallItem(block, id, ctx.request.tools, "", "in_progress"));
        this.#open = { kind: "tool", index, id, block, custom, json: "" };
        return;
      }
      default:
        block satisfies never;
    }
  }

  #openPart(open: Extract<OpenItem, { kind: "message" }>): void {
    open.parts.push("");
    open.partOpen = true;
    this.#emit("response.content_part.added", {
      item_id: open.id,
      output_index: open.index,
      content_index: open.parts.length - 1,
      part: outputTextPart(""),
    });
  }

  #textDelta(text: string): void {
    const open = this.#open;
    if (open?.kind !== "message" || !open.partOpen) return;
    const at = open.parts.length - 1;
    open.parts[at] += text;
    this.#emit("response.output_text.delta", {
      item_id: open.id,
      output_index: open.index,
      content_index: at,
      delta: text,
      logprobs: [],
    });
  }

  #thinkingDelta(text: string): void {
    const open = this.#open;
    if (open?.kind !== "reasoning") return;
    const where = { item_id: open.id, output_index: open.index, summary_index: 0 };
    if (!open.part) {
      open.part = true;
      this.#emit("response.reasoning_summary_part.added", {
        ...where,
        part: { type: "summary_text", text: "" },
      });
    }
    open.text += text;
    this.#emit("response.reasoning_summary_text.delta", { ...where, delta: text });
  }

  #toolDelta(json: string): void {
    const open = this.#open;
    if (open?.kind !== "tool") return;
    open.json += json;
    if (!open.custom) {
      this.#emit("response.function_call_arguments.delta", {
        item_id: open.id,
        output_index: open.index,
        delta: json,
      });
    }
  }

  /** Text parts close here; their message item stays open for a following text block. */
  #blockStop(): void {
    const open = this.#open;
    if (!open) return;
    if (open.kind === "message") return this.#closePart(open);
    this.#closeOpen();
  }

  #closePart(open: Extract<OpenItem, { kind: "message" }>): void {
    if (!open.partOpen) return;
    open.partOpen = false;
    const at = open.parts.length - 1;
    const where = { item_id: open.id, output_index: open.index, content_index: at };
    this.#emit("response.output_text.done", { ...where, text: open.parts[at], logprobs: [] });
    this.#emit("response.content_part.done", { ...where, part: outputTextPart(open.parts[at]) });
  }

  #closeOpen(): void {
    const open = this.#open;
    if (!open) return;
    this.#open = undefined;
    switch (open.kind) {
      case "message":
        this.#closePart(open);
        return this.#doneItem(open.index, messageItem(open.id, open.parts, "completed"));
      case "reasoning":
        return this.#closeReasoning(open);
      case "redacted":
        return this.#doneItem(
          open.index,
          reasoningItem(
            open.id,
            [],
            encryptedContentFor(open.block),
          ),
        );
      case "tool":
        return this.#closeTool(open);
    }
  }

  #closeReasoning(open: Extract<OpenItem, { kind: "reasoning" }>): void {
    const where = { item_id: open.id, output_index: open.index, summary_index: 0 };
    if (open.part) {
      this.#emit("response.reasoning_summary_text.done", { ...where, text: open.text });
      this.#emit("response.reasoning_summary_part.done", {
        ...where,
        part: { type: "summary_text", text: open.text },
      });
    }
    const sealed = open.signature === "" ? undefined : encryptedContentFor({
      type: "thinking",
      text: open.text,
      signature: open.signature,
      origin: open.origin,
    });
    this.#doneItem(open.index, reasoningItem(open.id, open.part ? [open.text] : [], sealed));
  }

  #closeTool(open: Extract<OpenItem, { kind: "tool" }>): void {
    const where = { item_id: open.id, output_index: open.index };
    const tools = this.ctx.request.tools;
    let payload: string;
    if (open.custom) {
      payload = customInputText(upstreamToolArguments(open.json));
      this.#emit("response.custom_tool_call_input.delta", { ...where, delta: payload });
      this.#emit("response.custom_tool_call_input.done", { ...where, input: payload });
    } else {
      payload = open.json.trim() === "" ? "{}" : open.json;
      this.#emit("response.function_call_arguments.done", { ...where, arguments: payload });
    }
    this.#doneItem(open.index, toolCallItem(open.block, open.id, tools, payload, "completed"));
  }

  #finish(
    status: "completed" | "incomplete",
    incompleteDetails: { reason: string } | null,
  ): void {
    const state = this.#start(undefined);
    this.#closeOpen();
    state.status = status;
    state.incompleteDetails = incompleteDetails;
    state.usage = encodeUsage(this.#usage);
    const type = status === "completed" ? "response.completed" : "response.incomplete";
    this.#emit(type, { response: responseObject(state, this.ctx) });
    this.done = true;
  }
}
