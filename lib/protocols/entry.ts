/**
 * What a client-protocol entry is: client wire ⇄ IR, for one of the four protocols.
 *
 * Entries are pure. Ids and time come in through `EntryContext`; nothing here touches the
 * network. The server composes: `decodeRequest` → route → adapter → `encodeResponse` or
 * `encodeStream`, and `encodeError` for anything that failed before the first byte.
 *
 * @module
 */
import type { GatewayError } from "../ir/error.ts";
import type { IrStreamEvent } from "../ir/events.ts";
import type { IrRequest } from "../ir/request.ts";
import type { IrResponse } from "../ir/response.ts";
import type { FrameRules } from "../streaming/frame_relay.ts";
import type { ProtocolId } from "../ir/content.ts";
import type { StateStore } from "../state/store.ts";
import type { StreamEncoder } from "./stream_codec.ts";

/** The parts of the HTTP request an entry may read besides the JSON body. */
export interface EntryRequestInfo {
  url: URL;
  headers: Headers;
  /** Path parameters the server extracted (Gemini: `model`, `action`). */
  params: Record<string, string>;
}

export interface DecodedRequest {
  ir: IrRequest;
  /**
   * Entry-private facts the encoders need later (OpenAI `include_usage`, Gemini `alt=sse`,
   * Responses custom tool names …). Opaque to the server.
   */
  wire: Record<string, unknown>;
}

export interface EntryContext {
  /** A fresh unique id with the protocol's prefix (`chatcmpl-`, `msg_`, `resp_` …). */
  newId: (prefix: string) => string;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** The model name the client asked for: responses echo it back, not the upstream's name. */
  clientModel: string;
  /** The decoded request, for encoders that restore client-side names or shapes. */
  request: IrRequest;
  wire: Record<string, unknown>;
  /** The id the client sees for this response, minted by the server with `Entry.idPrefix`. */
  responseId: string;
  /** The protocol of the upstream that answered (Responses keeps upstream ids when it is its own). */
  upstreamProtocol: ProtocolId | "echo";
}

export interface EncodedError {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface StreamEncoding {
  contentType: string;
  /** Wire text chunks; the generator ends the stream with the protocol's terminal frame. */
  chunks: AsyncIterable<string>;
}

export interface Entry {
  protocol: ProtocolId;
  /** Prefix of response ids this protocol uses (`chatcmpl-`, `msg_`, `resp_`). */
  idPrefix: string;
  /** Throws `GatewayError` (status 400) for input the protocol would reject. */
  decodeRequest(body: unknown, info: EntryRequestInfo): DecodedRequest;
  encodeResponse(response: IrResponse, ctx: EntryContext): unknown;
  encodeStream(events: AsyncIterable<IrStreamEvent>, ctx: EntryContext): StreamEncoding;
  /** The synchronous core of `encodeStream`: one event at a time, for the gateway's hot path. */
  streamEncoder(ctx: EntryContext): StreamEncoder;
  encodeError(error: GatewayError): EncodedError;
  /**
   * Protocols whose streams may pass as frames when the upstream speaks the same protocol and
   * the answer would not change (the same-protocol fast path): which frames the record needs,
   * which ends the answer, which the client (by its decoded `wire` options) does not get.
   */
  frameRules?(wire: Record<string, unknown>): FrameRules;
  /**
   * Stateful protocols only (Responses `previous_response_id`): before routing, replace a
   * reference to earlier turns with the turns themselves when the upstream cannot resolve it.
   * `scope` is the caller's key hash, so one caller never reads another's history.
   */
  resolveHistory?(
    decoded: DecodedRequest,
    history: HistoryAccess,
  ): Promise<DecodedRequest>;
  /** Stateful protocols only: remember a finished exchange under the id the client was given. */
  recordHistory?(
    decoded: DecodedRequest,
    response: IrResponse,
    responseId: string,
    history: HistoryAccess,
  ): Promise<void>;
}

export interface HistoryAccess {
  store: StateStore;
  scope: string;
  /** The protocol of the upstream this request is routed to. */
  upstreamProtocol: ProtocolId;
}
