/**
 * Responses `input` (a string or an item array) → IR system prompt and messages.
 *
 * Leading `developer`/`system` messages become `ir.system` (Codex sends its prompt that way, with
 * no `instructions`); later ones stay in place as IR `system` messages. Consecutive assistant
 * items (reasoning, messages, function calls) form one assistant turn, and tool outputs open the
 * next user turn, results first, as Anthropic requires. Unknown item types are recorded, not
 * guessed at: only a Responses upstream can receive them (see history.ts).
 *
 * @module
 */
import type {
  ContentBlock,
  Message,
  Origin,
  TextBlock,
  ToolResultContent,
} from "../../../ir/content.ts";
import { invalidRequest } from "../../../ir/error.ts";
import { clientToolArguments } from "../../../json/parse_json_object.ts";
import { decodeContent } from "./decode_content_parts.ts";
import { isObject } from "../../../json/fields.ts";
import { decodeReasoningItem } from "./reasoning_items.ts";
import { readPartSignature } from "./part_signature_item.ts";
import { flatToolName } from "../extensions.ts";

export interface DecodedInput {
  system: TextBlock[];
  /** Role of each leading system/developer message that became `system`, in order. */
  systemRoles: string[];
  messages: Message[];
  /** Raw `additional_tools` items (their tools are decoded by the caller). */
  additionalToolsItems: Record<string, unknown>[];
  unknownItemTypes: string[];
}

export function decodeInput(input: unknown): DecodedInput {
  const out: DecodedInput = {
    system: [],
    systemRoles: [],
    messages: [],
    additionalToolsItems: [],
    unknownItemTypes: [],
  };
  if (input === undefined || input === null) return out;
  if (typeof input === "string") {
    out.messages.push({ role: "user", content: [{ type: "text", text: input }] });
    return out;
  }
  if (!Array.isArray(input)) {
    throw invalidRequest("input: expected a string or an array of items", "input");
  }
  const state = new InputState(out);
  input.forEach((item, i) => state.add(item, `input[${i}]`));
  return out;
}

class InputState {
  #calls = new Map<string, { name: string; kind: "function" | "custom" }>();
  #conversationStarted = false;
  #lastWasToolOutput = false;
  /** A Gemini part signature carried by a reasoning item, for the call right after it. */
  #partSignature: { signature: string; origin: Origin } | undefined;

  constructor(private readonly out: DecodedInput) {}

  add(item: unknown, where: string): void {
    if (!isObject(item)) throw invalidRequest(`${where}: expected an object`);
    const type = item.type ?? (item.role !== undefined ? "message" : undefined);
    // A carried part signature belongs to the call right after it, and to nothing later.
    if (type !== "function_call" && type !== "custom_tool_call") this.#partSignature = undefined;
    switch (type) {
      case "message":
        return this.#message(item, where);
      case "function_call":
      case "custom_tool_call":
        return this.#call(item, where, type as string);
      case "function_call_output":
      case "custom_tool_call_output":
        return this.#output(item, where, type as string);
      case "reasoning":
        this.#conversationStarted = true;
        return this.#reasoning(decodeReasoningItem(item, where));
      case "additional_tools":
        this.out.additionalToolsItems.push(item);
        return;
      default:
        if (typeof type !== "string") throw invalidRequest(`${where}.type: expected a string`);
        this.out.unknownItemTypes.push(type);
    }
  }

  #message(item: Record<string, unknown>, where: string): void {
    const role = item.role;
    const blocks = decodeContent(
      item.content,
      `${where}.content`,
      (type) => this.out.unknownItemTypes.push(type),
    );
    if (role === "developer" || role === "system") {
      const text = blocks.filter((b): b is TextBlock => b.type === "text");
      if (text.length !== blocks.length) {
        throw invalidRequest(`${where}.content: ${role} messages may only contain text`);
      }
      if (!this.#conversationStarted) {
        this.out.system.push(...text);
        this.out.systemRoles.push(...text.map(() => role));
        return;
      }
      this.#lastWasToolOutput = false;
      if (text.length > 0) this.out.messages.push({ role: "system", content: text });
      return;
    }
    this.#conversationStarted = true;
    if (role === "assistant") {
      for (const block of blocks) this.#assistant(block);
      return;
    }
    if (role !== "user") {
      throw invalidRequest(`${where}.role: expected "user", "assistant", "system" or "developer"`);
    }
    const last = this.out.messages.at(-1);
    if (this.#lastWasToolOutput && last?.role === "user") last.content.push(...blocks);
    else if (blocks.length > 0) this.out.messages.push({ role: "user", content: blocks });
    this.#lastWasToolOutput = false;
  }

  #reasoning(block: ContentBlock): void {
    const signature = block.type === "thinking" && block.signature && block.origin &&
        block.origin.protocol !== "openai_responses"
      ? readPartSignature(block.signature)
      : undefined;
    if (signature === undefined || block.type !== "thinking" || !block.origin) {
      return this.#assistant(block);
    }
    this.#partSignature = { signature, origin: block.origin };
  }

  #assistant(block: ContentBlock): void {
    const carried = this.#partSignature;
    this.#partSignature = undefined;
    if (carried && block.type === "tool_call") {
      block = { ...block, thoughtSignature: carried.signature, origin: carried.origin };
    }
    this.#lastWasToolOutput = false;
    const last = this.out.messages.at(-1);
    if (last?.role === "assistant") last.content.push(block);
    else this.out.messages.push({ role: "assistant", content: [block] });
  }

  #call(item: Record<string, unknown>, where: string, type: string): void {
    this.#conversationStarted = true;
    const callId = requireString(item.call_id, `${where}.call_id`);
    const rawName = requireString(item.name, `${where}.name`);
    const namespace = typeof item.namespace === "string" ? item.namespace : undefined;
    const name = flatToolName(namespace, rawName);
    const kind = type === "custom_tool_call" ? "custom" : "function";
    let input: Record<string, unknown>;
    if (kind === "custom") {
      input = { input: requireString(item.input, `${where}.input`) };
    } else {
      input = callArguments(item.arguments, `${where}.arguments`);
    }
    this.#calls.set(callId, { name, kind });
    this.#assistant(
      kind === "custom" ? { type: "tool_call", id: callId, name, input, kind } : {
        type: "tool_call",
        id: callId,
        name,
        input,
      },
    );
  }

  #output(item: Record<string, unknown>, where: string, type: string): void {
    this.#conversationStarted = true;
    const callId = requireString(item.call_id, `${where}.call_id`);
    const content = decodeOutput(
      item.output,
      `${where}.output`,
      (type) => this.out.unknownItemTypes.push(type),
    );
    const call = this.#calls.get(callId);
    const block: ContentBlock = { type: "tool_result", callId, content };
    if (call) block.name = call.name;
    if (type === "custom_tool_call_output" || call?.kind === "custom") block.kind = "custom";
    const last = this.out.messages.at(-1);
    if (this.#lastWasToolOutput && last?.role === "user") last.content.push(block);
    else this.out.messages.push({ role: "user", content: [block] });
    this.#lastWasToolOutput = true;
  }
}

function decodeOutput(
  output: unknown,
  where: string,
  onUnknown: (type: string) => void,
): ToolResultContent[] {
  if (typeof output === "string") return [{ type: "text", text: output }];
  if (Array.isArray(output)) return decodeContent(output, where, onUnknown);
  throw invalidRequest(`${where}: expected a string or an array of content parts`);
}

function requireString(value: unknown, where: string): string {
  if (typeof value !== "string") throw invalidRequest(`${where}: expected a string`);
  return value;
}

/** `arguments` is a JSON string on the wire; a client that sends the object itself is served. */
function callArguments(value: unknown, where: string): Record<string, unknown> {
  if (isObject(value)) return value;
  if (typeof value !== "string") throw invalidRequest(`${where}: expected a JSON string`);
  return clientToolArguments(value, where);
}
