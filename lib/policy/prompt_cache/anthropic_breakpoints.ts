/**
 * Anthropic prompt-cache breakpoints: keep the client's, add ours where it set none, and make
 * sure no other provider ever sees one.
 *
 * Anthropic caches the prefix up to each `cache_control` marker (tools → system → messages) and
 * accepts at most 4 per request. Clients that know this (Claude Code) place their own; clients
 * that speak another protocol cannot, so the gateway adds them at the three places that pay
 * off. Priority when slots run short: the latest user message first (its prefix covers the
 * other two), then the system prompt, then the tools.
 *
 * @module
 */
import type { CacheControl, ContentBlock, Message } from "../../ir/content.ts";
import type { IrRequest } from "../../ir/request.ts";

export const MAX_ANTHROPIC_BREAKPOINTS = 4;

const EPHEMERAL: CacheControl = { type: "ephemeral" };

export interface BreakpointSettings {
  cache_system: boolean;
  cache_tools: boolean;
  cache_last_user_message: boolean;
}

/**
 * A breakpoint the IR models, or a client's `cache_control` it does not (an unknown TTL, kept
 * verbatim in `extensions.anthropic`): either way the slot is taken and the block is marked.
 */
function hasBreakpoint(value: object): boolean {
  const v = value as {
    cacheControl?: unknown;
    extensions?: { anthropic?: Record<string, unknown> };
  };
  return v.cacheControl !== undefined || v.extensions?.anthropic?.cache_control != null;
}

/** Every `cacheControl` in the request, tool-result contents included. */
export function countBreakpoints(ir: IrRequest): number {
  let count = ir.system.filter(hasBreakpoint).length;
  count += ir.tools.filter(hasBreakpoint).length;
  for (const message of ir.messages) {
    for (const block of message.content) {
      if (hasBreakpoint(block)) count++;
      if (block.type === "tool_result") count += block.content.filter(hasBreakpoint).length;
    }
  }
  return count;
}

/** Adds `{type:"ephemeral"}` where enabled and absent, never past 4 breakpoints in total. */
export function injectAnthropicBreakpoints(ir: IrRequest, settings: BreakpointSettings): IrRequest {
  let free = MAX_ANTHROPIC_BREAKPOINTS - countBreakpoints(ir);
  let out = ir;
  if (free > 0 && settings.cache_last_user_message) {
    const marked = markLatestUserMessage(out.messages);
    if (marked) [out, free] = [{ ...out, messages: marked }, free - 1];
  }
  const lastSystem = out.system.at(-1);
  if (free > 0 && settings.cache_system && lastSystem && !hasBreakpoint(lastSystem)) {
    if (lastSystem.text.trim() !== "") {
      const system = [...out.system.slice(0, -1), { ...lastSystem, cacheControl: EPHEMERAL }];
      [out, free] = [{ ...out, system }, free - 1];
    }
  }
  const lastTool = out.tools.at(-1);
  if (free > 0 && settings.cache_tools && lastTool && !hasBreakpoint(lastTool)) {
    out = { ...out, tools: [...out.tools.slice(0, -1), { ...lastTool, cacheControl: EPHEMERAL }] };
  }
  return out;
}

/** Messages with a breakpoint on the latest user message's last cacheable block, or undefined. */
function markLatestUserMessage(messages: readonly Message[]): Message[] | undefined {
  const at = messages.findLastIndex((m) => m.role === "user");
  if (at === -1) return undefined;
  const content = messages[at].content;
  const target = content.findLastIndex(isCacheable);
  if (target === -1) return undefined;
  const block = content[target];
  if (hasBreakpoint(block)) return undefined;
  const marked = [...content];
  marked[target] = { ...block, cacheControl: EPHEMERAL } as ContentBlock;
  const out = [...messages];
  out[at] = { ...messages[at], content: marked };
  return out;
}

/** Blocks Anthropic accepts a breakpoint on, and only when they carry something. */
function isCacheable(block: ContentBlock): boolean {
  switch (block.type) {
    case "text":
      return block.text.trim() !== "";
    case "image":
    case "document":
      return true;
    case "tool_result":
      return block.content.some((c) => c.type !== "text" || c.text.trim() !== "");
    case "tool_call":
    case "thinking":
    case "redacted_thinking":
    case "opaque":
      return false;
    default: {
      const never: never = block;
      return never;
    }
  }
}

/** The request with every `cacheControl` removed: an Anthropic-only marker. */
export function stripCacheControl(ir: IrRequest): IrRequest {
  return {
    ...ir,
    system: ir.system.map(withoutCacheControl),
    tools: ir.tools.map(withoutCacheControl),
    messages: ir.messages.map((m) => ({ ...m, content: m.content.map(blockWithoutCacheControl) })),
  };
}

function blockWithoutCacheControl(block: ContentBlock): ContentBlock {
  if (block.type !== "tool_result") return withoutCacheControl(block);
  return withoutCacheControl({ ...block, content: block.content.map(withoutCacheControl) });
}

function withoutCacheControl<T extends object>(value: T): T {
  if (!("cacheControl" in value)) return value;
  const { cacheControl: _dropped, ...rest } = value as T & { cacheControl?: CacheControl };
  return rest as T;
}
