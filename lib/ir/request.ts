/**
 * The request every entry decodes into and every adapter encodes from.
 *
 * @module
 */
import type { CacheControl, Message, ProtocolId, TextBlock } from "./content.ts";

/** JSON Schema as sent by the client; adapters sanitize it for their provider. */
export type JsonSchema = Record<string, unknown>;

export interface Tool {
  name: string;
  description?: string;
  inputSchema: JsonSchema;
  /** OpenAI `strict` function flag; Anthropic `strict` tool flag. */
  strict?: boolean;
  /** `custom` = freeform Responses custom tool (grammar or text input), see `ToolCallBlock.kind`. */
  kind?: "function" | "custom";
  /** Responses custom tool `format` (lark grammar …), replayed only to Responses upstreams. */
  customFormat?: Record<string, unknown>;
  /** Responses `namespace` the tool came from, so its name can be restored on the way back. */
  namespace?: string;
  cacheControl?: CacheControl;
  /** Provider-specific tool fields (e.g. Anthropic `defer_loading`), keyed by protocol. */
  extensions?: Partial<Record<ProtocolId, Record<string, unknown>>>;
}

export type ToolChoice =
  | { type: "auto" }
  | { type: "any" }
  | { type: "none" }
  | { type: "tool"; name: string };

/** Canonical reasoning effort, ordered from least to most. `x_high` is accepted as `xhigh`. */
export const EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;
export type Effort = typeof EFFORTS[number];

export interface ReasoningControl {
  effort?: Effort;
  /** Explicit token budget (Anthropic `budget_tokens`, Gemini `thinkingBudget`). */
  budgetTokens?: number;
  /**
   * How the client asked: `enabled` (manual budget), `adaptive` (model decides, Anthropic 4.6+),
   * `disabled`. Absent means the client did not say.
   */
  mode?: "enabled" | "adaptive" | "disabled";
  /** Responses `reasoning.summary` (auto | concise | detailed). */
  summary?: string;
  /** Whether the client wants thought text back (Gemini `includeThoughts`, Anthropic `display`). */
  includeThoughts?: boolean;
}

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | {
    type: "json_schema";
    name?: string;
    schema: JsonSchema;
    strict?: boolean;
    description?: string;
  };

export interface PromptCacheHints {
  /** OpenAI / Responses `prompt_cache_key`. */
  key?: string;
  /** OpenAI `prompt_cache_retention` (e.g. `24h`). */
  retention?: string;
}

export interface IrRequest {
  /** Model name as the client sent it; routing may rewrite it before the adapter sees it. */
  model: string;
  /** Leading system prompt, as blocks so cache breakpoints survive. */
  system: TextBlock[];
  messages: Message[];
  tools: Tool[];
  toolChoice?: ToolChoice;
  /** `false` = at most one tool call per turn (OpenAI `parallel_tool_calls: false`). */
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  stream: boolean;
  /** End-user id (OpenAI `user`; Anthropic `metadata.user_id`). */
  user?: string;
  /** Opaque request metadata (OpenAI/Responses `metadata`). Never used for routing or caching. */
  metadata?: Record<string, string>;
  reasoning?: ReasoningControl;
  responseFormat?: ResponseFormat;
  promptCache?: PromptCacheHints;
  /**
   * Fields the IR does not model, kept per protocol so a same-protocol upstream receives them
   * unchanged (e.g. Anthropic `context_management`, Responses `store` / `include`). Adapters of a
   * different protocol never see them; entries list what they drop in docs/compatibility.md.
   */
  extensions?: Partial<Record<ProtocolId, Record<string, unknown>>>;
}
