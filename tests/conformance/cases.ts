/**
 * The conformance case table: each case is data (what to send) plus assertions on the
 * normalized {@link Outcome} and on the request the upstream received. Expected values come
 * from the mock's {@link MOCK} figures and from what each protocol can express
 * ({@link CAN}); a case a protocol cannot express asserts the documented degradation.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { ProtocolId } from "../../lib/ir/content.ts";
import { MOCK, type MockUpstream, type RecordedRequest } from "../support/mock_upstream/mod.ts";
import type { ClientDriver, Outcome } from "./drivers.ts";
import {
  assertUpstreamShape,
  bodyText,
  mintedCallId,
  replayedArtifacts,
  upstreamMaxTokens,
  upstreamStopSequences,
} from "./upstream_fields.ts";
import { routeTo } from "./gateway.ts";
import { assertArtifactFits, reasoningRequested, SEALED } from "./artifact_fields.ts";

export interface CaseContext {
  client: ClientDriver;
  upstream: ProtocolId;
  /** The client-side model name routed to `upstream`. */
  model: string;
  mock: MockUpstream;
}

export interface ConformanceCase {
  name: string;
  run(ctx: CaseContext): Promise<void>;
}

type Flags = Record<ProtocolId, boolean>;
const only = (...ps: ProtocolId[]): Flags => ({
  openai: ps.includes("openai"),
  openai_responses: ps.includes("openai_responses"),
  anthropic: ps.includes("anthropic"),
  gemini: ps.includes("gemini"),
});

/** What each protocol has a field for (docs/compatibility.md). */
export const CAN = {
  /** Client can send stop sequences (Responses has no such field). */
  sendStopSequences: only("openai", "anthropic", "gemini"),
  /** Protocol distinguishes "stopped on a stop sequence" from a natural end. */
  reportStopSequence: only("anthropic"),
  /** Client can hold and replay any opaque reasoning artifact (Chat: see carriesArtifact). */
  carryArtifacts: only("openai_responses", "anthropic", "gemini"),
  /** Upstream mints an opaque reasoning artifact (Chat `reasoning_content` has none). */
  mintArtifacts: only("openai_responses", "anthropic", "gemini"),
  /** Client sees cache-write tokens (Chat's usage type has no field; Gemini none at all). */
  showCacheWrite: only("openai_responses", "anthropic"),
  /** Upstream reports cache-write tokens (Gemini has no such figure). */
  reportCacheWrite: only("openai", "openai_responses", "anthropic"),
};

/**
 * Can a client of `client` hold the artifact `upstream` mints and replay it? Chat has no
 * reasoning signature field, but Gemini's OpenAI-compatible convention carries a Gemini
 * function-call signature as `extra_content.google.thought_signature` on the tool call.
 */
function carriesArtifact(client: ProtocolId, upstream: ProtocolId): boolean {
  if (client === "openai") return upstream === "gemini";
  return CAN.carryArtifacts[client] && CAN.mintArtifacts[upstream];
}

const IMAGE_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const IMAGE_BYTES = atob(IMAGE_PNG).length;

/**
 * Google's documented stand-in signature for function calls minted elsewhere: the Gemini
 * adapter puts it on unsigned calls, so it is not a replayed artifact.
 */
const GEMINI_SKIP_SIGNATURE = "skip_thought_signature_validator";

/** Artifacts replayed to `upstream`, without Gemini's documented stand-in. */
function realArtifacts(req: RecordedRequest, upstream: ProtocolId): string[] {
  return replayedArtifacts(req, upstream).filter((a) => a !== GEMINI_SKIP_SIGNATURE);
}

const TOOL_OUTPUT = "sunny, 21 C";
const OTHER_OUTPUT = "14:05";

/** Runs `call` and returns its outcome with the upstream requests it caused. */
async function traced<T>(ctx: CaseContext, call: () => Promise<T>) {
  const from = ctx.mock.requests.length;
  const value = await call();
  return { value, sent: ctx.mock.requests.slice(from) };
}

function single(sent: RecordedRequest[], upstream: ProtocolId): RecordedRequest {
  assert.equal(sent.length, 1, "exactly one upstream request");
  assertUpstreamShape(sent[0], upstream);
  return sent[0];
}

function assertClean(out: Outcome) {
  assert.equal(out.error, undefined, `no error: ${JSON.stringify(out.error)}`);
}

async function textCase(ctx: CaseContext, stream: boolean) {
  const { value: out, sent } = await traced(
    ctx,
    () => ctx.client.call(ctx.model, { prompt: "SCENARIO:text", stream }),
  );
  single(sent, ctx.upstream);
  assertClean(out);
  assert.equal(out.text, MOCK.text(ctx.upstream));
  assert.equal(out.stop, "end", `stop ${out.rawStop}`);
  assert.deepEqual(out.toolCalls, []);
  assert.equal(out.usage?.input, MOCK.defaultUsage.input);
  assert.equal(out.usage?.output, MOCK.defaultUsage.output);
}

/** One tool call (or two, parallel), then the tool results go back on the same route. */
async function toolCase(ctx: CaseContext, stream: boolean, parallel: boolean) {
  const prompt = parallel ? "SCENARIO:parallel" : "SCENARIO:tool";
  const first = await traced(
    ctx,
    () => ctx.client.call(ctx.model, { prompt, stream, tools: true }),
  );
  single(first.sent, ctx.upstream);
  const out = first.value;
  assertClean(out);
  const expected = [{ name: "get_weather", args: { city: "Paris" } }];
  if (parallel) expected.push({ name: "get_time", args: { city: "London" } });
  assert.deepEqual(out.toolCalls.map(({ name, args }) => ({ name, args })), expected);
  assert.equal(out.stop, "tool_use", `stop ${out.rawStop}`);
  assert.equal(out.text, "");
  const ids = out.toolCalls.map((c) => c.id);
  assert.ok(ids.every((id) => id !== ""), "every call has an id");
  assert.equal(new Set(ids).size, ids.length, "ids are distinct");

  const outputs = parallel ? [TOOL_OUTPUT, OTHER_OUTPUT] : [TOOL_OUTPUT];
  const second = await traced(ctx, () => out.next(ctx.model, outputs, stream));
  const req = single(second.sent, ctx.upstream);
  assertClean(second.value);
  // The mock answers with the latest tool result it found in its own protocol's shape.
  assert.equal(second.value.text, MOCK.toolResultPrefix + outputs.at(-1));
  assert.equal(second.value.stop, "end", `stop ${second.value.rawStop}`);
  for (const [i] of outputs.entries()) {
    assert.ok(
      bodyText(req).includes(mintedCallId(ctx.upstream, i + 1)),
      `the upstream's own call id ${mintedCallId(ctx.upstream, i + 1)} went back to it`,
    );
    assert.ok(bodyText(req).includes(outputs[i]), `tool output ${i} reached the upstream`);
  }
}

async function imageCase(ctx: CaseContext) {
  const image = { mediaType: "image/png", base64: IMAGE_PNG };
  const { value: out, sent } = await traced(
    ctx,
    () => ctx.client.call(ctx.model, { prompt: "Describe. SCENARIO:image", stream: false, image }),
  );
  single(sent, ctx.upstream);
  assertClean(out);
  // The mock only recognises images in its own protocol's image form.
  assert.equal(out.text, `image:image/png:${IMAGE_BYTES}`);
}

/**
 * Reasoning then a tool call; the client replays what it got. The issuer gets its artifact
 * back byte-exact when the client protocol could carry it; another upstream never sees it.
 */
async function reasoningCase(ctx: CaseContext) {
  for (const stream of [true, false]) await reasoningRoundTrip(ctx, stream);
}

async function reasoningRoundTrip(ctx: CaseContext, stream: boolean) {
  const input = { prompt: "SCENARIO:reasoning_tool", stream, tools: true, thinking: true };
  const first = await traced(ctx, () => ctx.client.call(ctx.model, input));
  const firstReq = single(first.sent, ctx.upstream);
  const out = first.value;
  assertClean(out);
  assert.equal(out.reasoning, MOCK.reasoningText, "reasoning text shown as reasoning");
  assert.ok(!out.text.includes(MOCK.reasoningText), "reasoning never becomes visible text");
  assert.deepEqual(out.toolCalls.map((c) => c.name), ["get_weather"]);
  const carried = carriesArtifact(ctx.client.protocol, ctx.upstream);
  assert.equal(out.artifacts.length, carried ? 1 : 0, `artifacts ${JSON.stringify(out.artifacts)}`);
  for (const artifact of out.artifacts) assertArtifactFits(ctx.client.protocol, artifact);
  if (carried && ctx.client.protocol === ctx.upstream) {
    assert.equal(out.artifacts[0], MOCK.signature, "same protocol: the artifact byte-exact");
  }

  const back = await traced(ctx, () => out.next(ctx.model, [TOOL_OUTPUT], stream));
  const req = single(back.sent, ctx.upstream);
  assertClean(back.value);
  assert.equal(back.value.text, MOCK.toolResultPrefix + TOOL_OUTPUT);
  assert.deepEqual(
    realArtifacts(req, ctx.upstream),
    carried ? [MOCK.signature] : [],
    "the issuer gets its own artifact back byte-exact, and nothing else",
  );
  if (carried) {
    // Chat clients have no field for most artifacts (docs/compatibility.md): only a client that
    // can carry the artifact can keep an Anthropic tool loop thinking.
    assert.equal(
      reasoningRequested(req, ctx.upstream),
      reasoningRequested(firstReq, ctx.upstream),
      "the second turn keeps reasoning as the first had it",
    );
  }
  assert.ok(!SEALED.some((s) => bodyText(req).includes(s)), "no sealed artifact leaks upstream");

  const other: ProtocolId = ctx.upstream === "anthropic" ? "gemini" : "anthropic";
  const away = await traced(ctx, () => out.next(routeTo(other), [TOOL_OUTPUT], stream));
  const foreign = single(away.sent, other);
  assertClean(away.value);
  assert.equal(away.value.text, MOCK.toolResultPrefix + TOOL_OUTPUT);
  assert.deepEqual(realArtifacts(foreign, other), [], "a foreign issuer gets no artifact");
  assert.ok(!bodyText(foreign).includes(MOCK.signature), "the signature appears nowhere");
  assert.ok(
    !SEALED.some((s) => bodyText(foreign).includes(s)),
    "no sealed artifact leaks upstream",
  );
}

async function usageCase(ctx: CaseContext) {
  for (const stream of [false, true]) {
    const { value: out, sent } = await traced(
      ctx,
      () => ctx.client.call(ctx.model, { prompt: "SCENARIO:usage", stream }),
    );
    single(sent, ctx.upstream);
    assertClean(out);
    const u = MOCK.cacheUsage;
    const reportsWrite = CAN.showCacheWrite[ctx.client.protocol];
    const write = reportsWrite && CAN.reportCacheWrite[ctx.upstream] ? u.cacheWrite : 0;
    assert.deepEqual(out.usage, {
      input: u.input,
      output: u.output,
      cacheRead: u.cacheRead,
      ...(reportsWrite ? { cacheWrite: write } : {}),
    }, `usage (stream: ${stream})`);
  }
}

async function errorCase(ctx: CaseContext) {
  for (const stream of [false, true]) {
    const { value: out, sent } = await traced(
      ctx,
      () => ctx.client.call(ctx.model, { prompt: "SCENARIO:error400", stream }),
    );
    single(sent, ctx.upstream);
    assert.deepEqual(out.error, { status: 400, message: MOCK.error400, threw: true });
  }
}

/** A broken connection and an in-stream error frame: neither may look like a clean end. */
async function midstreamCase(ctx: CaseContext) {
  const broken = await traced(
    ctx,
    () => ctx.client.call(ctx.model, { prompt: "SCENARIO:midstream", stream: true }),
  );
  single(broken.sent, ctx.upstream);
  assert.ok(broken.value.error, "a broken upstream stream fails the client's stream");
  assert.notEqual(broken.value.text, MOCK.midstreamText);
  const framed = await traced(
    ctx,
    () => ctx.client.call(ctx.model, { prompt: "SCENARIO:stream_error", stream: true }),
  );
  single(framed.sent, ctx.upstream);
  assert.ok(framed.value.error, "an upstream error frame fails the client's stream");
  assert.ok(
    framed.value.error.message.includes(MOCK.streamError),
    `the upstream's message survives: ${framed.value.error.message}`,
  );
}

async function stopCase(ctx: CaseContext) {
  const sends = CAN.sendStopSequences[ctx.client.protocol];
  const input = {
    prompt: "SCENARIO:stop",
    stream: true,
    stopSequences: sends ? ["three"] : undefined,
  };
  const { value: out, sent } = await traced(ctx, () => ctx.client.call(ctx.model, input));
  const req = single(sent, ctx.upstream);
  assertClean(out);
  assert.equal(out.text, MOCK.stopText);
  const honoured = sends && ctx.upstream !== "openai_responses";
  const wire = upstreamStopSequences(req, ctx.upstream);
  if (honoured) assert.deepEqual(wire, ["three"]);
  else assert.equal(wire, undefined, "no stop sequence reaches the upstream");
  const reported = honoured && CAN.reportStopSequence[ctx.client.protocol] &&
    CAN.reportStopSequence[ctx.upstream];
  assert.equal(out.stop, reported ? "stop_sequence" : "end", `stop ${out.rawStop}`);
  if (reported) assert.equal(out.stopSequence, "three");
}

async function lengthCase(ctx: CaseContext) {
  for (const stream of [false, true]) {
    const { value: out, sent } = await traced(
      ctx,
      () => ctx.client.call(ctx.model, { prompt: "SCENARIO:length", stream, maxTokens: 5 }),
    );
    const req = single(sent, ctx.upstream);
    assert.equal(upstreamMaxTokens(req, ctx.upstream), 5);
    assertClean(out);
    assert.equal(out.text, MOCK.lengthText);
    assert.equal(out.stop, "max_tokens", `stop ${out.rawStop}`);
    assert.equal(out.usage?.output, 5);
  }
}

export const CASES: ConformanceCase[] = [
  { name: "text", run: (ctx) => textCase(ctx, false) },
  { name: "stream", run: (ctx) => textCase(ctx, true) },
  { name: "tool round trip", run: (ctx) => toolCase(ctx, false, false) },
  { name: "streaming tool call", run: (ctx) => toolCase(ctx, true, false) },
  { name: "parallel tool calls", run: (ctx) => toolCase(ctx, true, true) },
  { name: "image input", run: imageCase },
  { name: "reasoning round trip", run: reasoningCase },
  { name: "usage with cache", run: usageCase },
  { name: "upstream 4xx", run: errorCase },
  { name: "mid-stream failure", run: midstreamCase },
  { name: "stop sequence", run: stopCase },
  { name: "max tokens", run: lengthCase },
];
