/**
 * The protocol registry: one line per wire protocol, its client side (entry) and its upstream
 * side (adapter). The server reads its protocol tables from here (lib/server/pipeline/upstreams.ts, lib/server/routes.ts), so
 * adding a protocol is one folder under lib/protocols/ and one line below (plus its id in
 * `ProtocolId` and the config's provider types, and its paths in the server's route table). This is the only file under lib/protocols that imports protocol
 * folders (their `mod.ts`), as the import-rule test checks.
 *
 * @module
 */
import type { ProtocolId } from "../ir/content.ts";
import type { Adapter } from "./adapter.ts";
import type { Entry } from "./entry.ts";
import { anthropicEntry } from "./anthropic/client/mod.ts";
import { anthropicAdapter } from "./anthropic/upstream/mod.ts";
import { geminiEntry } from "./gemini/client/mod.ts";
import { geminiAdapter } from "./gemini/upstream/mod.ts";
import { openaiEntry } from "./openai/client/mod.ts";
import { openaiAdapter } from "./openai/upstream/mod.ts";
import { responsesEntry } from "./openai_responses/client/mod.ts";
import { responsesAdapter } from "./openai_responses/upstream/mod.ts";

export interface ProtocolSides {
  client: Entry;
  upstream: Adapter;
}

export const PROTOCOLS = {
  openai: { client: openaiEntry, upstream: openaiAdapter },
  openai_responses: { client: responsesEntry, upstream: responsesAdapter },
  anthropic: { client: anthropicEntry, upstream: anthropicAdapter },
  gemini: { client: geminiEntry, upstream: geminiAdapter },
} as const satisfies Record<ProtocolId, ProtocolSides>;
