/**
 * Provider type → adapter. One row per wire protocol; an OpenAI-compatible vendor is a config
 * row with `type = "openai"`, not a new adapter.
 *
 * @module
 */
import type { Adapter } from "../../protocols/adapter.ts";
import { anthropicAdapter } from "../../protocols/anthropic/upstream/mod.ts";
import { geminiAdapter } from "../../protocols/gemini/upstream/mod.ts";
import { openaiAdapter } from "../../protocols/openai/upstream/mod.ts";
import { responsesAdapter } from "../../protocols/openai_responses/upstream/mod.ts";
import type { ProtocolId } from "../../ir/content.ts";

export const ADAPTERS: Record<ProtocolId, Adapter> = {
  openai: openaiAdapter,
  openai_responses: responsesAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};
