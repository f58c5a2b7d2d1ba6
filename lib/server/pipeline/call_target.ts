/**
 * One attempt against one upstream: build the wire request, send it (`sendUpstream`), and hand
 * back either a whole response (`readWhole`) or a stream whose first event has already arrived
 * (`openStream`). An upstream that answers in process (the echo) skips the network.
 *
 * Waiting for the first event before answering the client is what makes retries and fallback
 * possible for streams: until then no byte has been sent, so a failure is still an ordinary
 * HTTP error that the resilience layer may retry elsewhere.
 *
 * @module
 */
import type { Adapter, AdapterContext, UpstreamRequest } from "../../protocols/adapter.ts";
import type { ResolvedProvider } from "../../config/load.ts";
import { GatewayError, toGatewayError } from "../../ir/error.ts";
import type { IrStreamEvent } from "../../ir/events.ts";
import type { ProtocolId } from "../../ir/content.ts";
import type { TranslationWarning } from "../../ir/warnings.ts";
import type { IrResponse } from "../../ir/response.ts";
import { responseToEvents } from "../../ir/replay.ts";
import { describeRequestShape } from "../../policy/request_shape.ts";
import type { SseMessage } from "../../streaming/sse_scanner.ts";
import { readSseHead, type SseHead } from "../../streaming/frame_relay.ts";
import type { StreamDecoder } from "../../protocols/stream_codec.ts";
import { type UpstreamEvents, upstreamEvents } from "./upstream_events.ts";
import { PROTOCOLS } from "../../protocols/registry.ts";
import type { UpstreamFrames } from "./frames_answer.ts";
import { parseUpstreamJson } from "../../streaming/json_data.ts";
import { type Upstream, UPSTREAMS } from "./upstreams.ts";
import { boundedText } from "../../observability/bounded_text.ts";
import type { GatewayDeps } from "../deps.ts";
import type { PreparedTarget } from "./prepare_target.ts";

/** What one attempt brought back, with what its request encoding left out (`warnings`). */
export type UpstreamOutcome =
  & (
    | { kind: "response"; response: IrResponse }
    | { kind: "stream"; stream: UpstreamStream }
  )
  & { upstreamStatus: number; warnings: TranslationWarning[] };

/**
 * A stream whose first event has arrived. Plain callbacks rather than another generator layer:
 * `relayEvents` reads it, turns read failures into error events, and closes it exactly once.
 */
export interface UpstreamStream {
  /** The events of the first read: at least one, and the first is not an error. */
  first: IrStreamEvent[];
  /**
   * The events after `first`, one network read's worth at a time (perhaps none), or undefined
   * once the stream is over. Throws when a read fails.
   */
  next(): Promise<IrStreamEvent[] | undefined>;
  /** A failure thrown by `next` → the error the client is shown. */
  failure(error: unknown): GatewayError;
  /** Ends the exchange: aborts the upstream request, stops following the client's signal. */
  close(): void;
  /** Same protocol on both sides: the raw frames, for the fast path instead of `rest`. */
  frames?: UpstreamFrames;
}

export interface AttemptInput {
  provider: ResolvedProvider;
  prepared: PreparedTarget;
  clientProtocol: ProtocolId;
  clientHeaders: Headers;
  /** `debug_log_request_shape`: log hashes and lengths (never text) of the upstream body. */
  logShape?: boolean;
  requestId?: string;
  /** W3C `traceparent`/`tracestate` for this attempt. */
  traceHeaders?: Record<string, string>;
  /** Aborted when the client goes away or the request times out. */
  signal: AbortSignal;
}

export async function callTarget(input: AttemptInput, deps: GatewayDeps): Promise<UpstreamOutcome> {
  const upstream = UPSTREAMS[input.provider.type];
  if (upstream.answer) return await answerInProcess(upstream, upstream.answer, input, deps);
  const adapter = upstream.adapter!;
  const { provider, prepared } = input;
  const ctx: AdapterContext = {
    provider,
    origin: prepared.origin,
    clientHeaders: input.clientHeaders,
    clientProtocol: input.clientProtocol,
    newId: deps.newId,
    now: deps.now,
  };
  // Built before any network: a failure here comes from the client's input or the gateway,
  // never from the provider, so it must not reach retries or the provider's breaker.
  const { wire, body, warnings } = buildWire(() => {
    const { value: wire, warnings } = adapter.encodeRequest(prepared.ir, ctx);
    return { wire, warnings, body: JSON.stringify(wire.body) };
  });
  if (input.logShape) {
    deps.log.info("upstream request shape", {
      requestId: input.requestId,
      ...describeRequestShape(wire.body, {
        provider: provider.name,
        model: boundedText(prepared.ir.model),
        stream: prepared.ir.stream,
      }),
    });
  }
  const sent = await sendUpstream(wire, body, input, deps);
  const { res } = sent;
  if (!res.ok) {
    const text = await res.text().catch(() => "");
    sent.release();
    throw adapter.decodeError(res.status, text, res.headers);
  }
  // Some OpenAI-compatible servers ignore `stream: true` and answer with one JSON body; the
  // client still gets the stream it asked for, replayed from that body.
  const whole = !prepared.ir.stream ||
    (res.headers.get("content-type") ?? "").toLowerCase().includes("application/json");
  if (whole) return await readWhole(sent, adapter, ctx, input, warnings);
  return await openStream(sent, adapter, ctx, input, warnings);
}

/** An upstream that answers in process (the echo): no wire, no network. */
async function answerInProcess(
  upstream: Upstream,
  answer: NonNullable<Upstream["answer"]>,
  input: AttemptInput,
  deps: GatewayDeps,
): Promise<UpstreamOutcome> {
  const { ir } = input.prepared;
  const response = await answer(ir, deps);
  if (!ir.stream) return { kind: "response", response, upstreamStatus: 200, warnings: [] };
  const stream = replayed(response, upstream.streamChunkChars ?? 0);
  return { kind: "stream", stream, upstreamStatus: 200, warnings: [] };
}

/** An upstream request in flight: its response headers, and how to stop following the client. */
interface Sent {
  res: Response;
  /** Aborts the upstream request (the client left, the stream is over). */
  upstream: AbortController;
  /** Stops following the client's signal. */
  release(): void;
}

/** Sends the wire request; the upstream request is aborted when the client's signal is. */
async function sendUpstream(
  wire: UpstreamRequest,
  body: string,
  input: AttemptInput,
  deps: GatewayDeps,
): Promise<Sent> {
  const upstream = new AbortController();
  const onAbort = () => upstream.abort(input.signal.reason);
  if (input.signal.aborted) onAbort();
  else input.signal.addEventListener("abort", onAbort, { once: true });
  const release = () => input.signal.removeEventListener("abort", onAbort);
  try {
    const res = await deps.fetch(wire.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...input.traceHeaders, ...wire.headers },
      body,
      signal: upstream.signal,
    });
    return { res, upstream, release };
  } catch (error) {
    release();
    throw connectError(error, input.provider.name, input.signal);
  }
}

/** A whole JSON answer: the response, or (a stream was asked for) its replay as a stream. */
async function readWhole(
  sent: Sent,
  adapter: Adapter,
  ctx: AdapterContext,
  input: AttemptInput,
  warnings: TranslationWarning[],
): Promise<UpstreamOutcome> {
  const { res } = sent;
  try {
    const text = await res.text();
    const response = adapter.decodeResponse(parseUpstreamJson(text), ctx);
    if (input.prepared.ir.stream) {
      const stream = replayed(response, 0);
      return { kind: "stream", stream, upstreamStatus: res.status, warnings };
    }
    return { kind: "response", response, upstreamStatus: res.status, warnings };
  } catch (error) {
    throw error instanceof GatewayError
      ? error
      : connectError(error, input.provider.name, input.signal, true);
  } finally {
    sent.release();
  }
}

/** Opens the upstream's stream: decoded to IR events, returned once its first event is in. */
async function openStream(
  sent: Sent,
  adapter: Adapter,
  ctx: AdapterContext,
  input: AttemptInput,
  warnings: TranslationWarning[],
): Promise<UpstreamOutcome> {
  const { res, upstream, release } = sent;
  const { provider } = input;
  if (!res.body) {
    release();
    throw new GatewayError({
      status: 502,
      kind: "api_error",
      message: `${provider.name} sent an empty stream`,
    });
  }
  // Same protocol on both sides: the raw frames stay at hand for the fast path (frames_answer.ts).
  let sse: SseHead;
  let events: UpstreamEvents;
  let first: IrStreamEvent[] | undefined;
  try {
    sse = await readSseHead(res.body, upstream.signal);
    events = upstreamEvents(sse.batches(), adapter.streamDecoder(ctx));
    do first = await events.next(); while (first?.length === 0);
  } catch (error) {
    upstream.abort();
    release();
    throw error instanceof GatewayError
      ? error
      : connectError(error, provider.name, input.signal, true);
  }
  if (first === undefined) {
    upstream.abort();
    release();
    throw new GatewayError({
      status: 502,
      kind: "api_error",
      message: `${provider.name} closed the stream before sending anything`,
    });
  }
  const head = first[0];
  if (head.type === "error") {
    upstream.abort();
    release();
    throw head.error;
  }
  const sameProtocol = adapter.protocol === input.clientProtocol &&
    PROTOCOLS[adapter.protocol].client.frameRules !== undefined;
  const stream: UpstreamStream = {
    first,
    next: () => events.next(),
    failure: (error) =>
      error instanceof GatewayError
        ? error
        : connectError(error, provider.name, input.signal, true),
    close: () => {
      upstream.abort(STREAM_OVER);
      release();
    },
    frames: sameProtocol && sse.pristine()
      ? { sse, decode: (messages) => decodeFrames(adapter.streamDecoder(ctx), messages) }
      : undefined,
  };
  return { kind: "stream", stream, upstreamStatus: res.status, warnings };
}

/** A few frames decoded at once (the fast path's notable frames), the end included. */
function decodeFrames(decoder: StreamDecoder, messages: SseMessage[]): IrStreamEvent[] {
  const out: IrStreamEvent[] = [];
  for (const message of messages) if (decoder.push(message, out)) break;
  decoder.end(out);
  return out;
}

/** Runs the request build; anything it throws becomes a local error (no breaker, no retry). */
function buildWire<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof GatewayError) {
      if (error.status >= 400 && error.status < 500) error.local = true;
      throw error;
    }
    if (error instanceof RangeError) {
      throw new GatewayError({
        status: 400,
        kind: "invalid_request",
        message: "the request is too large or too deeply nested to encode for the provider",
        local: true,
      });
    }
    throw new GatewayError({
      status: 500,
      kind: "api_error",
      message: "internal error while building the upstream request",
      local: true,
    });
  }
}

/** A whole response as a stream that is already fully in hand. */
function replayed(response: IrResponse, chunkChars: number): UpstreamStream {
  const events = responseToEvents(response, chunkChars);
  return {
    first: replayBatch(events)!, // a replayed response always starts with message_start
    next: () => Promise.resolve(replayBatch(events)),
    failure: toGatewayError,
    close: () => {},
  };
}

/** Upper bound on replayed events per write, so one long answer is not one huge write. */
const REPLAY_BATCH = 256;

function replayBatch(events: Iterator<IrStreamEvent>): IrStreamEvent[] | undefined {
  const batch: IrStreamEvent[] = [];
  while (batch.length < REPLAY_BATCH) {
    const next = events.next();
    if (next.done) break;
    batch.push(next.value);
  }
  return batch.length === 0 ? undefined : batch;
}

/**
 * The abort reason once a stream is over, made once: `abort()` without a reason builds a fresh
 * DOMException (stack trace included) per stream, a measurable cost on the hot path.
 */
const STREAM_OVER = new DOMException("the stream is over", "AbortError");

/**
 * A network-level failure: the upstream could not be reached, or (`afterHeaders`) it answered
 * and then dropped the connection while the body was read.
 */
export function connectError(
  error: unknown,
  provider: string,
  clientSignal: AbortSignal,
  afterHeaders = false,
): GatewayError {
  if (clientSignal.aborted) {
    const reason = clientSignal.reason;
    if (reason instanceof GatewayError) return reason;
    if (reason instanceof DOMException && reason.name === "TimeoutError") {
      return new GatewayError({
        status: 504,
        kind: "timeout",
        message: `${provider} did not answer in time`,
      });
    }
    return new GatewayError({
      status: 499,
      kind: "api_error",
      message: "client closed the request",
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new GatewayError({
    status: 502,
    kind: "upstream_unavailable",
    message: afterHeaders
      ? `provider ${provider} broke off its answer: ${detail}`
      : `cannot reach provider ${provider}: ${detail}`,
  });
}
