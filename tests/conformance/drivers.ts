/**
 * The client drivers, one per client protocol, each speaking through its official SDK. See
 * drivers/driver.ts for the normalized {@link Outcome} they all return.
 *
 * @module
 */
import type { ProtocolId } from "../../lib/ir/content.ts";
import { anthropicDriver } from "./drivers/anthropic.ts";
import type { ClientDriver } from "./drivers/driver.ts";
import { geminiDriver } from "./drivers/gemini.ts";
import { openAIChatDriver } from "./drivers/openai_chat.ts";
import { openAIResponsesDriver } from "./drivers/openai_responses.ts";

export type { CallInput, ClientDriver, Outcome, Stop, ToolCall, Usage } from "./drivers/driver.ts";

export function clientDrivers(gatewayUrl: string): Record<ProtocolId, ClientDriver> {
  return {
    openai: openAIChatDriver(gatewayUrl),
    openai_responses: openAIResponsesDriver(gatewayUrl),
    anthropic: anthropicDriver(gatewayUrl),
    gemini: geminiDriver(gatewayUrl),
  };
}
