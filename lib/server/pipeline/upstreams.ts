/**
 * Provider type → upstream. One row per wire protocol, plus the local echo; an OpenAI-compatible
 * vendor is a config row with `type = "openai"`, not a new upstream.
 *
 * The pipeline asks the upstream, never the provider type, what to do: which protocol it speaks
 * (the echo answers in the client's own), whether it needs a key (readiness), and whether it
 * answers in process (`answer`) or over the network through its adapter.
 *
 * @module
 */
import type { ProviderType } from "../../config/types.ts";
import type { ProtocolId } from "../../ir/content.ts";
import type { IrRequest } from "../../ir/request.ts";
import type { IrResponse } from "../../ir/response.ts";
import type { Adapter } from "../../protocols/adapter.ts";
import { anthropicAdapter } from "../../protocols/anthropic/upstream/mod.ts";
import { answerWithEcho } from "../../protocols/echo/upstream/echo_provider.ts";
import { geminiAdapter } from "../../protocols/gemini/upstream/mod.ts";
import { openaiAdapter } from "../../protocols/openai/upstream/mod.ts";
import { responsesAdapter } from "../../protocols/openai_responses/upstream/mod.ts";
import type { GatewayDeps } from "../deps.ts";

/** Wire protocol → adapter. */
export const ADAPTERS: Record<ProtocolId, Adapter> = {
  openai: openaiAdapter,
  openai_responses: responsesAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};

export interface Upstream {
  /** The protocol this upstream speaks to a client speaking `client`. */
  protocol(client: ProtocolId): ProtocolId;
  /** True when a configured key is required before it can serve (readiness). */
  needsKey: boolean;
  /** Over the network: the adapter that encodes requests and decodes answers. */
  adapter?: Adapter;
  /** In process: the whole answer, no network. */
  answer?(ir: IrRequest, deps: Pick<GatewayDeps, "newId" | "countTokens">): Promise<IrResponse>;
  /** Characters per replayed text delta when an in-process answer is streamed. */
  streamChunkChars?: number;
}

function wire(protocol: ProtocolId): Upstream {
  return { protocol: () => protocol, needsKey: true, adapter: ADAPTERS[protocol] };
}

export const UPSTREAMS: Record<ProviderType, Upstream> = {
  openai: wire("openai"),
  openai_responses: wire("openai_responses"),
  anthropic: wire("anthropic"),
  gemini: wire("gemini"),
  echo: {
    protocol: (client) => client,
    needsKey: false,
    answer: async (ir, deps) =>
      answerWithEcho(ir, { newId: deps.newId, inputTokens: await deps.countTokens(ir) }),
    // Small enough that a client sees several deltas.
    streamChunkChars: 8,
  },
};

/** The protocol a provider of this type speaks to a client speaking `client`. */
export function upstreamProtocol(type: ProviderType, client: ProtocolId): ProtocolId {
  return UPSTREAMS[type].protocol(client);
}
