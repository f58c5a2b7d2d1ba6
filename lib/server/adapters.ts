/**
 * Provider type → adapter. One row per wire protocol; an OpenAI-compatible vendor is a config
 * row with `type = "openai"`, not a new adapter.
 *
 * @module
 */
import type { Adapter } from "../adapters/adapter.ts";
import { anthropicAdapter } from "../adapters/anthropic/mod.ts";
import { geminiAdapter } from "../adapters/gemini/mod.ts";
import { openaiAdapter } from "../adapters/openai/mod.ts";
import { responsesAdapter } from "../adapters/openai_responses/mod.ts";
import type { ProtocolId } from "../ir/content.ts";

export const ADAPTERS: Record<ProtocolId, Adapter> = {
  openai: openaiAdapter,
  openai_responses: responsesAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};
