/** Small IR builders shared by the policy tests. */
import type { ContentBlock, Message, TextBlock } from "../../lib/ir/content.ts";
import type { IrRequest, Tool } from "../../lib/ir/request.ts";
import { promptCacheSchema } from "../../lib/config/schema.ts";
import type { Config } from "../../lib/config/schema.ts";

export function text(value: string, extra: Partial<TextBlock> = {}): TextBlock {
  return { type: "text", text: value, ...extra };
}

export function user(...content: ContentBlock[]): Message {
  return { role: "user", content };
}

export function assistant(...content: ContentBlock[]): Message {
  return { role: "assistant", content };
}

export function tool(name: string, extra: Partial<Tool> = {}): Tool {
  return {
    name,
    description: `the ${name} tool`,
    inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
    ...extra,
  };
}

export function request(extra: Partial<IrRequest> = {}): IrRequest {
  return {
    model: "test-model",
    system: [text("You are a helpful assistant.")],
    messages: [user(text("hello"))],
    tools: [],
    stream: false,
    ...extra,
  };
}

/** `[prompt_cache]` with the schema's defaults, overridden by `extra`. */
export function cacheSettings(extra: Record<string, unknown> = {}): Config["prompt_cache"] {
  return promptCacheSchema.parse(extra);
}

export const BILLING_LINE =
  "x-anthropic-billing-header: cc_version=2.1.330.a1f; cc_entrypoint=cli;";
