/**
 * What request-aware routing may look at, computed lazily and at most once per request: a rule
 * that only asks about headers never pays for walking the messages.
 *
 * @module
 */
import type { ContentBlock, ProtocolId } from "../ir/content.ts";
import type { IrRequest } from "../ir/request.ts";
import { SERVER_TOOLS_KEY } from "../protocols/anthropic/extensions.ts";
import { roughInputTokens } from "./input_size.ts";

export interface RequestFacts {
  ir: IrRequest;
  /** The entry protocol the client spoke. */
  clientProtocol: ProtocolId;
  headers: Headers;
}

/** The derived facts conditions test; each getter computes on first use. */
export interface FactsView {
  readonly request: RequestFacts;
  inputTokens(): number;
  hasImages(): boolean;
  thinking(): boolean;
  toolNames(): ReadonlySet<string>;
}

export function viewFacts(request: RequestFacts): FactsView {
  let tokens: number | undefined;
  let images: boolean | undefined;
  let tools: Set<string> | undefined;
  return {
    request,
    inputTokens: () => tokens ??= roughInputTokens(request.ir),
    hasImages: () => images ??= request.ir.messages.some((m) => m.content.some(holdsImage)),
    thinking: () => wantsThinking(request.ir),
    toolNames: () => tools ??= toolNamesOf(request.ir),
  };
}

function holdsImage(block: ContentBlock): boolean {
  if (block.type === "image") return true;
  return block.type === "tool_result" && block.content.some((part) => part.type === "image");
}

/**
 * The client asked the model to think: Anthropic `thinking` enabled or adaptive, an effort other
 * than `none` (OpenAI, Responses), or a positive Gemini thinking budget.
 */
export function wantsThinking(ir: IrRequest): boolean {
  const r = ir.reasoning;
  if (!r || r.mode === "disabled") return false;
  if (r.mode === "enabled" || r.mode === "adaptive") return true;
  if (r.effort !== undefined && r.effort !== "none") return true;
  return (r.budgetTokens ?? 0) > 0;
}

/** Function tools and Anthropic server tools (`web_search`, …) by name. */
function toolNamesOf(ir: IrRequest): Set<string> {
  const names = new Set(ir.tools.map((t) => t.name));
  const server = ir.extensions?.anthropic?.[SERVER_TOOLS_KEY];
  if (Array.isArray(server)) {
    for (const entry of server) {
      const name = (entry as { tool?: { name?: unknown } })?.tool?.name;
      if (typeof name === "string") names.add(name);
    }
  }
  return names;
}
