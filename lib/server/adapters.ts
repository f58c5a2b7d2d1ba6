/**
 * Provider type → adapter, read from the protocol registry (lib/protocols/registry.ts). An
 * OpenAI-compatible vendor is a config row with `type = "openai"`, not a new adapter.
 *
 * @module
 */
import type { Adapter } from "../protocols/adapter.ts";
import { PROTOCOLS } from "../protocols/registry.ts";
import type { ProtocolId } from "../ir/content.ts";

export const ADAPTERS = Object.fromEntries(
  Object.entries(PROTOCOLS).map(([id, sides]) => [id, sides.upstream]),
) as Record<ProtocolId, Adapter>;
