/**
 * A loopback mock of the four provider protocols (OpenAI Chat, OpenAI Responses, Anthropic
 * Messages, Gemini), for end-to-end, conformance and benchmark runs. It imports nothing from
 * lib/: it is the judge's stand-in, checked against the official SDKs in
 * tests/mock_upstream_test.ts so it cannot drift from the real wire.
 *
 * A marker in the last user message picks the answer ("SCENARIO:tool", "E2E_TOOL"); see
 * {@link SCENARIOS} and the figures in {@link MOCK}.
 *
 * @example
 * ```ts
 * const mock = await startMockUpstream();
 * const res = await fetch(`${mock.url}/v1/chat/completions`, {
 *   method: "POST",
 *   body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "SCENARIO:text" }] }),
 * });
 * console.log((await res.json()).choices[0].message.content); // "Hello from mock openai!"
 * await mock.close();
 * ```
 *
 * @module
 */
export { startMockUpstream } from "./server.ts";
export { MOCK, type ScenarioName, SCENARIOS } from "./scenario.ts";
export { SCHEMA_STRING } from "./schema_value.ts";
export type { MockProtocol, MockUpstream, MockUsage, RecordedRequest } from "./types.ts";
