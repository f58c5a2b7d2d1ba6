/**
 * What a provider adapter is: IR ⇄ provider wire, for one of the four protocols.
 *
 * Adapters are pure: they build the upstream HTTP request and decode what comes back. The
 * server does the fetch (with retries, timeouts and abort), so adapters are tested with fixtures
 * and no network.
 *
 * @module
 */
import type { GatewayError } from "../ir/error.ts";
import type { IrStreamEvent } from "../ir/events.ts";
import type { IrRequest } from "../ir/request.ts";
import type { IrResponse } from "../ir/response.ts";
import type { Origin, ProtocolId } from "../ir/content.ts";
import type { ResolvedProvider } from "../config/load.ts";
import type { SseMessage } from "../streaming/sse_decode.ts";
import type { Encoded } from "../ir/warnings.ts";
import type { StreamDecoder } from "./stream_codec.ts";

export interface AdapterContext {
  provider: ResolvedProvider;
  /** Who mints artifacts on this hop: stamped on thinking blocks and signatures decoded here. */
  origin: Origin;
  /** Headers the client sent; adapters forward the few their protocol defines (anthropic-beta). */
  clientHeaders: Headers;
  /** The protocol the client spoke, so same-protocol hops can forward extensions verbatim. */
  clientProtocol: ProtocolId;
  newId: (prefix: string) => string;
  now: () => number;
}

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Adapter {
  protocol: ProtocolId;
  /**
   * IR → the upstream HTTP request, with what the target could not carry (`warnings`: a stop
   * sequence past the limit, sampling a reasoning model refuses …). `ir.model` is already the
   * upstream model; `ir.stream` says which endpoint/shape to use.
   */
  encodeRequest(ir: IrRequest, ctx: AdapterContext): Encoded<UpstreamRequest>;
  decodeResponse(body: unknown, ctx: AdapterContext): IrResponse;
  decodeStream(
    messages: AsyncIterable<SseMessage>,
    ctx: AdapterContext,
  ): AsyncIterable<IrStreamEvent>;
  /** The synchronous core of `decodeStream`: one frame at a time, for the gateway's hot path. */
  streamDecoder(ctx: AdapterContext): StreamDecoder;
  /** An upstream non-2xx → typed error keeping status, the upstream's type and message. */
  decodeError(status: number, bodyText: string, headers: Headers): GatewayError;
}
