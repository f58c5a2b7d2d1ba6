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
import { answerWithEcho } from "../../protocols/echo/upstream/echo_provider.ts";
import { PROTOCOLS } from "../../protocols/registry.ts";
import type { GatewayDeps } from "../deps.ts";

/** Wire protocol → adapter, read from the protocol registry (lib/protocols/registry.ts). */
export const ADAPTERS = Object.fromEntries(
  Object.entries(PROTOCOLS).map(([id, sides]) => [id, sides.upstream]),
) as Record<ProtocolId, Adapter>;

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
