/**
 * Shared test contexts and stream helpers for the Anthropic adapter and entry tests.
 *
 * @module
 */
import type { AdapterContext } from "../../../../lib/protocols/adapter.ts";
import type { ResolvedProvider } from "../../../../lib/config/load.ts";
import type { ProtocolId } from "../../../../lib/ir/content.ts";
import type { IrStreamEvent } from "../../../../lib/ir/events.ts";
import { byteChunks } from "../../../../lib/streaming/chunks.ts";
import { decodeSse } from "../../../../lib/streaming/sse_decode.ts";
import { decodeAnthropicStream } from "../../../../lib/protocols/anthropic/upstream/decode_stream.ts";

export const FIXTURES = new URL("../../../fixtures/anthropic/", import.meta.url);

export function fixtureText(path: string): string {
  return Deno.readTextFileSync(new URL(path, FIXTURES));
}

export function fixtureJson(path: string): unknown {
  return JSON.parse(fixtureText(path));
}

export function adapterContext(
  options: {
    clientProtocol?: ProtocolId;
    headers?: Record<string, string>;
    provider?: Partial<ResolvedProvider>;
  } = {},
): AdapterContext {
  let n = 0;
  return {
    provider: {
      name: "claude",
      type: "anthropic",
      base_url: "https://api.anthropic.com",
      apiKey: "sk-test",
      ...options.provider,
    } as ResolvedProvider,
    origin: { protocol: "anthropic", provider: "claude", model: "claude-opus-4-6" },
    clientHeaders: new Headers(options.headers ?? {}),
    clientProtocol: options.clientProtocol ?? "anthropic",
    newId: (prefix) => `${prefix}${++n}`,
    now: () => 1_700_000_000_000,
  };
}

async function* fromChunks(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

/** SSE text → IR events through the real byte path, split into `size`-byte chunks. */
export function decodeFixtureStream(
  text: string,
  size: number,
  ctx: AdapterContext = adapterContext(),
): AsyncIterable<IrStreamEvent> {
  return decodeAnthropicStream(decodeSse(fromChunks(byteChunks(text, size))), ctx);
}

/** Chunk sizes every stream test runs with: 1 byte, odd sizes, and the whole text at once. */
export const CHUNK_SIZES = [1, 3, 7, 61, 1 << 20];
