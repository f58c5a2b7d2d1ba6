/**
 * IR messages → Responses `input` items.
 *
 * Assistant turns split into items in order (reasoning, message, function_call …); tool results
 * become `function_call_output` / `custom_tool_call_output` items ahead of the rest of their user
 * turn. Reasoning is replayed only with its `encrypted_content` (foreign artifacts were dropped
 * before the adapter ran), and with its `rs_…` id only when the upstream stores responses.
 *
 * @module
 */
import type {
  ContentBlock,
  Message,
  ProtocolId,
  ToolResultBlock,
  ToolResultContent,
} from "../../../ir/content.ts";
import type { Tool } from "../../../ir/request.ts";
import { clientToolName } from "../extensions.ts";

export interface InputOptions {
  tools: readonly Tool[];
  client: ProtocolId;
  /** `store: false` upstream: reasoning items go without ids. */
  stateless: boolean;
}

export function encodeResponsesInput(messages: Message[], opts: InputOptions): unknown[] {
  const items: unknown[] = [];
  for (const message of messages) {
    if (message.role === "assistant") items.push(...assistantItems(message.content, opts));
    else if (message.role === "system") {
      const parts = inputParts(message.content);
      if (parts.length > 0) items.push({ type: "message", role: "developer", content: parts });
    } else {
      for (const block of message.content) {
        if (block.type === "tool_result") items.push(toolOutputItem(block, opts));
      }
      const parts = inputParts(message.content);
      if (parts.length > 0) items.push({ type: "message", role: "user", content: parts });
    }
  }
  return items;
}

function assistantItems(content: ContentBlock[], opts: InputOptions): unknown[] {
  const items: unknown[] = [];
  let texts: unknown[] = [];
  const flush = () => {
    if (texts.length > 0) items.push({ type: "message", role: "assistant", content: texts });
    texts = [];
  };
  for (const block of content) {
    if (block.type === "text") {
      if (block.text !== "") texts.push({ type: "output_text", text: block.text, annotations: [] });
      continue;
    }
    flush();
    switch (block.type) {
      case "thinking": {
        if (!block.signature) break; // nothing the upstream can verify
        const item: Record<string, unknown> = { type: "reasoning" };
        if (block.itemId && !opts.stateless) item.id = block.itemId;
        item.summary = block.text === "" ? [] : [{ type: "summary_text", text: block.text }];
        item.encrypted_content = block.signature;
        items.push(item);
        break;
      }
      case "tool_call":
        items.push(callItem(block, opts));
        break;
      default:
        // redacted_thinking is Anthropic's; images and results never sit in assistant turns.
        break;
    }
  }
  flush();
  return items;
}

function callItem(
  block: Extract<ContentBlock, { type: "tool_call" }>,
  opts: InputOptions,
): Record<string, unknown> {
  const tool = opts.tools.find((t) => t.name === block.name);
  const custom = block.kind === "custom" || tool?.kind === "custom";
  const { name, namespace } = opts.client === "openai_responses"
    ? clientToolName(block.name, opts.tools)
    : { name: block.name, namespace: undefined };
  const item: Record<string, unknown> = custom
    ? {
      type: "custom_tool_call",
      call_id: block.id,
      name,
      input: typeof block.input.input === "string"
        ? block.input.input
        : JSON.stringify(block.input),
    }
    : { type: "function_call", call_id: block.id, name, arguments: JSON.stringify(block.input) };
  if (namespace) item.namespace = namespace;
  return item;
}

function toolOutputItem(block: ToolResultBlock, opts: InputOptions): Record<string, unknown> {
  const tool = block.name ? opts.tools.find((t) => t.name === block.name) : undefined;
  const custom = block.kind === "custom" || tool?.kind === "custom";
  const allText = block.content.every((c) => c.type === "text");
  const output = allText
    ? block.content.map((c) => (c as { text: string }).text).join("\n")
    : inputParts(block.content);
  let text = output;
  if (block.isError && typeof text === "string") text = `Error: ${text}`;
  return {
    type: custom ? "custom_tool_call_output" : "function_call_output",
    call_id: block.callId,
    output: text,
  };
}

/** User-side parts; tool results and assistant-only blocks are handled elsewhere. */
function inputParts(content: (ContentBlock | ToolResultContent)[]): unknown[] {
  const parts: unknown[] = [];
  for (const block of content) {
    switch (block.type) {
      case "text":
        if (block.text !== "") parts.push({ type: "input_text", text: block.text });
        break;
      case "image": {
        const part: Record<string, unknown> = {
          type: "input_image",
          detail: block.detail ?? "auto",
        };
        const source = block.source;
        if (source.kind === "file") part.file_id = source.fileId;
        else part.image_url = source.kind === "url" ? source.url : dataUrl(source);
        parts.push(part);
        break;
      }
      case "document": {
        const part: Record<string, unknown> = { type: "input_file" };
        const source = block.source;
        if (source.kind === "file") part.file_id = source.fileId;
        else if (source.kind === "url") part.file_url = source.url;
        else part.file_data = dataUrl(source);
        if (block.filename ?? block.title) part.filename = block.filename ?? block.title;
        parts.push(part);
        break;
      }
      default:
        break;
    }
  }
  return parts;
}

function dataUrl(source: { mediaType: string; data: string }): string {
  return `data:${source.mediaType};base64,${source.data}`;
}
