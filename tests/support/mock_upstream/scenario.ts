/**
 * Scenario selection: a marker in the last user message ("SCENARIO:tool", "E2E_TOOL") picks what
 * the mock answers, so a test can drive any scenario through any client and any gateway route.
 * The plan is protocol-neutral; each protocol module writes it in its own wire format.
 *
 * @module
 */
import { argumentsFor, schemaValue } from "./schema_value.ts";
import type {
  ErrorPlan,
  MockPlan,
  MockPrompt,
  MockProtocol,
  MockTool,
  MockToolCall,
  MockUsage,
  ReplyPlan,
} from "./types.ts";

/** Every scenario marker the mock understands (written "SCENARIO:<name>" in the prompt). */
export const SCENARIOS = [
  "text",
  "tool",
  "tool_noid",
  "parallel",
  "reasoning",
  "reasoning_tool",
  "usage",
  "error400",
  "error429",
  "error529",
  "midstream",
  "stream_error",
  "stop",
  "length",
  "image",
  "slow",
  "chunks50",
] as const;
export type ScenarioName = typeof SCENARIOS[number];

/** Texts and figures the scenarios answer with, exported so tests assert without guessing. */
export const MOCK = {
  defaultText: "pong",
  text: (protocol: MockProtocol): string => `Hello from mock ${protocol}!`,
  reasoningText: "Let me think about this carefully.",
  reasoningAnswer: "The answer is 42.",
  /** Base64 so it is also a valid Gemini `thoughtSignature` (bytes). */
  signature: btoa("mock-signature-1"),
  stopText: "Counting: one, two",
  lengthText: "This answer was cut",
  midstreamText: "This stream will break before it ends",
  error400: "mock says the request is bad",
  error429: "mock says slow down",
  error529: "mock says it is overloaded",
  streamError: "mock stream failed mid-way",
  retryAfterSeconds: 7,
  toolResultPrefix: "TOOL_RESULT_SEEN: ",
  e2eCommand: "echo hi",
  defaultUsage: { input: 12, output: 5, cacheRead: 0, cacheWrite: 0, reasoning: 0 } as MockUsage,
  /** `input` includes both cache figures (OpenAI convention); Anthropic reports input 10. */
  cacheUsage: { input: 130, output: 9, cacheRead: 100, cacheWrite: 20, reasoning: 0 } as MockUsage,
  reasoningUsage: { input: 12, output: 14, cacheRead: 0, cacheWrite: 0, reasoning: 6 } as MockUsage,
  chunkCount: 50,
  slowDelayMs: 2,
} as const;

/** Client shell tools the real CLIs declare, in the order the E2E scenario looks for them. */
const SHELL_TOOLS = ["Bash", "exec_command", "shell", "run_shell_command", "bash"];

/** The scenario named in `text`, if any. */
export function scenarioOf(text: string): ScenarioName | E2eScenario | undefined {
  const match = /SCENARIO:([a-z0-9_]+)/.exec(text);
  const name = match?.[1];
  if (name && (SCENARIOS as readonly string[]).includes(name)) return name as ScenarioName;
  // E2E_THINK: the same shell round trip, with signed reasoning before the call.
  if (text.includes("E2E_THINK")) return "e2e_think";
  return text.includes("E2E_TOOL") ? "e2e_tool" : undefined;
}

/** The real-CLI scenarios, chosen by a bare marker rather than `SCENARIO:`. */
type E2eScenario = "e2e_tool" | "e2e_think";

export function planFor(prompt: MockPrompt): MockPlan {
  const scenario = scenarioOf(prompt.promptText);
  const error = errorPlan(scenario, prompt);
  if (error) return error;
  const callsTools = scenario === undefined || scenario === "e2e_tool" ||
    scenario === "e2e_think" || scenario === "text" ||
    scenario === "tool" || scenario === "tool_noid" || scenario === "parallel" ||
    scenario === "reasoning_tool";
  if (callsTools && prompt.toolResultText !== undefined) {
    const seen = prompt.toolResultText.slice(0, 60).replace(/\r?\n|\r/g, " ");
    return reply(MOCK.toolResultPrefix + seen);
  }
  if (prompt.responseSchema !== undefined) {
    const value = prompt.responseSchema === "json_object" ? {} : schemaValue(prompt.responseSchema);
    return reply(JSON.stringify(value));
  }
  return replyFor(scenario, prompt);
}

function replyFor(scenario: ScenarioName | E2eScenario | undefined, prompt: MockPrompt): ReplyPlan {
  switch (scenario) {
    case undefined:
      return reply(MOCK.defaultText);
    case "text":
      return reply(MOCK.text(prompt.protocol));
    case "tool":
    case "tool_noid":
      return { ...toolReply([firstToolCall(prompt.tools)]), omitToolIds: scenario === "tool_noid" };
    case "parallel":
      return toolReply(parallelCalls(prompt.tools));
    case "reasoning":
      return { ...reply(MOCK.reasoningAnswer, MOCK.reasoningUsage), reasoning: reasoning() };
    case "reasoning_tool":
      return {
        ...toolReply([firstToolCall(prompt.tools)], MOCK.reasoningUsage),
        reasoning: reasoning(),
      };
    case "usage":
      return reply(MOCK.defaultText, MOCK.cacheUsage);
    case "stop":
      return stopReply(prompt.stopSequences);
    case "length":
      return {
        ...reply(MOCK.lengthText),
        stop: "max_tokens",
        usage: { ...MOCK.defaultUsage, output: prompt.maxTokens ?? 16 },
      };
    case "image":
      return reply(prompt.images.length > 0 ? prompt.images.join(" ") : "image:none");
    case "midstream":
      return { ...reply(MOCK.midstreamText), breakAfterTextDeltas: 2 };
    case "stream_error":
      return { ...reply(MOCK.midstreamText), streamErrorAfterTextDeltas: 2 };
    case "slow":
    case "chunks50":
      return chunkedReply(scenario === "slow" ? MOCK.slowDelayMs : 0);
    case "e2e_tool":
      return e2eToolReply(prompt.tools);
    case "e2e_think":
      return { ...e2eToolReply(prompt.tools), reasoning: reasoning() };
    case "error400":
    case "error429":
    case "error529":
      throw new Error(`unreachable: ${scenario} is answered by errorPlan`);
  }
}

function errorPlan(scenario: string | undefined, prompt: MockPrompt): ErrorPlan | undefined {
  switch (scenario) {
    case "error400":
      return { kind: "error", errorKind: "invalid_request", status: 400, message: MOCK.error400 };
    case "error429":
      return {
        kind: "error",
        errorKind: "rate_limit",
        status: 429,
        message: MOCK.error429,
        retryAfterSeconds: MOCK.retryAfterSeconds,
      };
    case "error529":
      return overloaded(prompt.protocol, MOCK.error529);
    case "stream_error":
      // A non-streaming request cannot fail mid-way: it gets the same failure as a status.
      return prompt.stream ? undefined : overloaded(prompt.protocol, MOCK.streamError);
  }
  return undefined;
}

function overloaded(protocol: MockProtocol, message: string): ErrorPlan {
  // Only Anthropic has 529; the others report an overloaded service as 503.
  const status = protocol === "anthropic" ? 529 : 503;
  return { kind: "error", errorKind: "overloaded", status, message };
}

/** A text answer split into several deltas so streams really are incremental. */
export function reply(text: string, usage: MockUsage = MOCK.defaultUsage): ReplyPlan {
  return {
    kind: "reply",
    text,
    textChunks: splitText(text, 3),
    toolCalls: [],
    stop: "end",
    usage,
    chunkDelayMs: 0,
    omitToolIds: false,
  };
}

function toolReply(calls: MockToolCall[], usage: MockUsage = MOCK.defaultUsage): ReplyPlan {
  return { ...reply("", usage), toolCalls: calls, stop: "tool_use" };
}

function reasoning(): ReplyPlan["reasoning"] {
  const text = MOCK.reasoningText;
  return { text, chunks: splitText(text, 3), signature: MOCK.signature };
}

function stopReply(stopSequences: string[]): ReplyPlan {
  const stopSequence = stopSequences[0];
  if (stopSequence === undefined) return reply(MOCK.stopText);
  return { ...reply(MOCK.stopText), stop: "stop_sequence", stopSequence };
}

function chunkedReply(delayMs: number): ReplyPlan {
  const chunks = Array.from({ length: MOCK.chunkCount }, (_, i) => `w${i} `);
  return { ...reply(chunks.join("")), textChunks: chunks, chunkDelayMs: delayMs };
}

function firstToolCall(tools: MockTool[]): MockToolCall {
  const tool = tools[0] ?? { name: "get_weather", schema: undefined };
  return toolCall(1, tool.name, argumentsFor(tool.schema, "Paris"));
}

function parallelCalls(tools: MockTool[]): MockToolCall[] {
  const first = firstToolCall(tools);
  const second = tools[1] ?? tools[0] ?? { name: "get_weather", schema: undefined };
  return [first, toolCall(2, second.name, argumentsFor(second.schema, "London"))];
}

/** The real-CLI round trip: run `echo hi` through whichever shell tool the client declared. */
function e2eToolReply(tools: MockTool[]): ReplyPlan {
  const shell = SHELL_TOOLS.map((name) => tools.find((t) => t.name === name)).find(Boolean);
  if (!shell) return reply(`E2E_TOOL: no shell tool among ${tools.map((t) => t.name).join(",")}`);
  return toolReply([toolCall(1, shell.name, shellArguments(shell.schema))]);
}

function shellArguments(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> } | undefined)
    ?.properties ?? {};
  if ("cmd" in properties) return { cmd: MOCK.e2eCommand };
  const args: Record<string, unknown> = properties.command?.type === "array"
    ? { command: ["bash", "-lc", MOCK.e2eCommand] }
    : { command: MOCK.e2eCommand };
  if ("description" in properties) args.description = "Print hi";
  return args;
}

function toolCall(n: number, name: string, args: Record<string, unknown>): MockToolCall {
  return { n, name, args, argChunks: splitText(JSON.stringify(args), 3) };
}

/** Splits on code points into up to `parts` non-empty pieces. */
export function splitText(text: string, parts: number): string[] {
  const points = Array.from(text);
  if (points.length === 0) return [];
  const size = Math.ceil(points.length / parts);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(""));
  return out;
}
