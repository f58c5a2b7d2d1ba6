/**
 * Shared test context and fixture plumbing for the OpenAI adapter tests.
 *
 * @module
 */
import type { AdapterContext } from "../../../../lib/protocols/adapter.ts";
import { decodeOpenAIStream } from "../../../../lib/protocols/openai/upstream/decode_stream.ts";
import type { IrStreamEvent } from "../../../../lib/ir/events.ts";
import { byteChunks } from "../../../../lib/streaming/chunks.ts";
import { decodeSse } from "../../../../lib/streaming/sse_decode.ts";

const FIXTURES = new URL("../../../fixtures/openai/", import.meta.url);

export function fixtureText(name: string): string {
  return Deno.readTextFileSync(new URL(name, FIXTURES));
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

/** Whole body, one byte at a time, and odd sizes that split UTF-8 sequences and CRLF pairs. */
export const CHUNK_SIZES = [Infinity, 1, 3, 7, 61];

export function adapterContext(overrides: Partial<AdapterContext> = {}): AdapterContext {
  let n = 0;
  return {
    provider: {
      name: "oa",
      type: "openai",
      base_url: "https://api.example.com",
      apiKey: "sk-test",
    } as AdapterContext["provider"],
    origin: { protocol: "openai", provider: "oa", model: "gpt-4o" },
    clientHeaders: new Headers(),
    clientProtocol: "openai",
    newId: (prefix) => `${prefix}test${++n}`,
    now: () => 1_700_000_000_000,
    ...overrides,
  };
}

export function decodeText(
  text: string,
  size: number,
  ctx = adapterContext(),
): AsyncIterable<IrStreamEvent> {
  const bytes = ReadableStream.from(
    size === Infinity ? [new TextEncoder().encode(text)] : byteChunks(text, size),
  );
  return decodeOpenAIStream(decodeSse(bytes), ctx);
}

export function decodeFixture(name: string, size: number): Promise<IrStreamEvent[]> {
  return Array.fromAsync(decodeText(fixtureText(name), size));
}
