/**
 * `collect(events) → response`: the one definition of what a stream means, so streaming and
 * non-streaming answers cannot drift apart.
 *
 * @module
 */
import type { ContentBlock, ToolCallBlock } from "./content.ts";
import { GatewayError, streamEndedEarly } from "./error.ts";
import type { IrStreamEvent } from "./events.ts";
import type { IrResponse } from "./response.ts";
import { mergeUsage, ZERO_USAGE } from "./usage.ts";
import { upstreamToolArguments } from "../json/parse_json_object.ts";
import type { StopInfo } from "./stop.ts";

/**
 * Folds a stream into the response it describes. Throws the stream's `error` event, and a
 * GatewayError when the stream breaks the contract (so a broken adapter is caught in tests).
 */
export async function collect(events: AsyncIterable<IrStreamEvent>): Promise<IrResponse> {
  const fold = new StreamFold();
  for await (const event of events) fold.push(event);
  return fold.result();
}

/** `collect` for events already in hand (a decoded non-streaming body). */
export function collectEvents(events: Iterable<IrStreamEvent>): IrResponse {
  const fold = new StreamFold();
  for (const event of events) fold.push(event);
  return fold.result();
}

/** The state of a stream being folded, one event at a time. */
class StreamFold {
  #id = "";
  #model = "";
  #usage = ZERO_USAGE;
  #stop: StopInfo | undefined;
  #blocks: (ContentBlock | undefined)[] = [];
  #toolJson = new Map<number, string>();

  push(event: IrStreamEvent): void {
    switch (event.type) {
      case "message_start":
        this.#id = event.id;
        this.#model = event.model;
        this.#usage = mergeUsage(this.#usage, event.usage);
        break;
      case "block_start":
        this.#blocks[event.index] = startBlock(event.block);
        if (event.block.type === "tool_call") this.#toolJson.set(event.index, "");
        break;
      case "text_delta":
      case "thinking_delta": {
        const block = this.#blocks[event.index];
        const kind = event.type === "text_delta" ? "text" : "thinking";
        if (block?.type !== kind) throw contractError(event.type, event.index);
        block.text += event.text;
        break;
      }
      case "signature_delta": {
        const block = this.#blocks[event.index];
        if (block?.type === "thinking") block.signature = (block.signature ?? "") + event.signature;
        else if (block?.type === "text" || block?.type === "tool_call") {
          block.thoughtSignature = (block.thoughtSignature ?? "") + event.signature;
        } else throw contractError(event.type, event.index);
        break;
      }
      case "tool_input_delta": {
        const json = this.#toolJson.get(event.index);
        if (json === undefined) throw contractError(event.type, event.index);
        this.#toolJson.set(event.index, json + event.json);
        break;
      }
      case "block_stop": {
        const block = this.#blocks[event.index];
        if (!block) throw contractError(event.type, event.index);
        if (block.type === "tool_call") {
          (block as ToolCallBlock).input = upstreamToolArguments(
            this.#toolJson.get(event.index) ?? "",
          );
        }
        break;
      }
      case "usage":
        this.#usage = mergeUsage(this.#usage, event.usage);
        break;
      case "finish":
        this.#usage = mergeUsage(this.#usage, event.usage);
        this.#stop = event.stop;
        break;
      case "error":
        throw event.error;
      default:
        event satisfies never;
    }
  }

  result(): IrResponse {
    if (!this.#stop) {
      throw streamEndedEarly();
    }
    const content = this.#blocks.filter((b): b is ContentBlock => b !== undefined);
    return { id: this.#id, model: this.#model, content, stop: this.#stop, usage: this.#usage };
  }
}

function startBlock(start: import("./events.ts").BlockStart): ContentBlock {
  switch (start.type) {
    case "text":
      return withDefined({
        type: "text",
        text: "",
        thoughtSignature: start.thoughtSignature,
        origin: start.origin,
      });
    case "thinking":
      return withDefined({
        type: "thinking",
        text: "",
        itemId: start.itemId,
        origin: start.origin,
      });
    case "redacted_thinking":
      return withDefined({ type: "redacted_thinking", data: start.data, origin: start.origin });
    case "tool_call":
      return withDefined({
        type: "tool_call",
        id: start.id,
        name: start.name,
        input: {},
        kind: start.kind,
        thoughtSignature: start.thoughtSignature,
        origin: start.origin,
      });
  }
}

/** Drops keys whose value is undefined, so collected blocks deep-equal decoded ones. */
export function withDefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

function contractError(type: string, index: number): GatewayError {
  return new GatewayError({
    status: 502,
    kind: "api_error",
    message:
      `stream contract broken: ${type} for block ${index} that is not open or not of that kind`,
  });
}
