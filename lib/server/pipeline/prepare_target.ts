/**
 * The client's IR → the IR one particular upstream receives: the routed model name, the
 * reasoning and prompt-cache policies, and only the reasoning artifacts that upstream minted
 * and the opaque blocks written in its protocol.
 * Run once per attempted target, so a fallback to another protocol gets its own clean copy.
 *
 * @module
 */
import type { ResolvedProvider } from "../../config/load.ts";
import type { Config } from "../../config/schema.ts";
import { dropForeignArtifacts } from "../../ir/artifacts.ts";
import { dropForeignOpaque } from "../../ir/opaque_blocks.ts";
import type { Origin, ProtocolId } from "../../ir/content.ts";
import type { IrRequest } from "../../ir/request.ts";
import { applyPromptCachePolicy } from "../../policy/prompt_cache/mod.ts";
import type { TranslationWarning } from "../../ir/warnings.ts";
import { applyReasoningPolicy } from "../../reasoning/policy.ts";
import { upstreamProtocol } from "./upstreams.ts";

export interface PreparedTarget {
  ir: IrRequest;
  origin: Origin;
  /** What the reasoning policy saw and applied, for the info log line. */
  reasoning: { requested?: string; applied?: string };
  /** System text moved by `relocate_system_prefix_range`, for the opt-in log line. */
  relocatedText?: string;
  /**
   * What preparing for this target took from the client's request: `max_tokens` lowered to the
   * provider's cap, another model's thinking blocks removed.
   */
  warnings: TranslationWarning[];
}

export function prepareTarget(
  clientIr: IrRequest,
  clientProtocol: ProtocolId,
  provider: ResolvedProvider,
  upstreamModel: string,
  config: Config,
): PreparedTarget {
  const targetProtocol = upstreamProtocol(provider.type, clientProtocol);
  const origin: Origin = {
    protocol: targetProtocol,
    provider: provider.name,
    model: upstreamModel,
  };
  const maxTokens = capOutputTokens(clientIr.maxTokens, provider.max_output_tokens);
  const routed: IrRequest = { ...clientIr, model: upstreamModel, maxTokens };
  const warnings: TranslationWarning[] = [];
  if (maxTokens !== clientIr.maxTokens) {
    warnings.push({
      kind: "max_tokens",
      path: "max_tokens",
      message: `max_tokens: lowered from ${clientIr.maxTokens} to ${maxTokens}, ` +
        `the max_output_tokens of provider ${provider.name}`,
    });
  }
  const reasoned = applyReasoningPolicy(routed, config.server);
  const cached = applyPromptCachePolicy(reasoned.ir, {
    settings: config.prompt_cache,
    targetProtocol,
    clientProtocol,
  });
  return {
    ir: dropForeignOpaque(dropForeignArtifacts(cached.ir, origin, warnings), targetProtocol),
    warnings,
    origin,
    reasoning: { requested: reasoned.requested, applied: reasoned.applied },
    relocatedText: cached.relocatedText,
  };
}

/**
 * Claude Code asks for 64k–128k output tokens whatever the model; an upstream whose model takes
 * fewer answers 400. `max_output_tokens` on the provider lowers the request to what it takes.
 */
export function capOutputTokens(
  requested: number | undefined,
  cap: number | undefined,
): number | undefined {
  if (cap === undefined || requested === undefined) return requested;
  return Math.min(requested, cap);
}
