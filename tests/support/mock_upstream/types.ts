/**
 * Shapes shared by the mock upstream's protocol modules. Deliberately independent of lib/: the
 * mock is the judge's stand-in and must not share code with the gateway it judges.
 *
 * @module
 */

/** The four provider protocols the mock impersonates (the config's provider `type`). */
export type MockProtocol = "openai" | "openai_responses" | "anthropic" | "gemini";

/** One request as the mock received it. `headers` keys are lower-case. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The raw query string including its `?`, or "" (e.g. "?beta=true", "?alt=sse"). */
  search: string;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, the raw text otherwise, undefined without a body. */
  body: unknown;
  protocol: MockProtocol;
}

/** A running mock; `url` has no trailing slash (e.g. "http://127.0.0.1:41234"). */
export interface MockUpstream {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A declared client tool: its name and JSON schema for the arguments. */
export interface MockTool {
  name: string;
  schema: unknown;
}

/** The protocol-neutral facts the scenarios need, read from one request body. */
export interface MockPrompt {
  protocol: MockProtocol;
  model: string;
  stream: boolean;
  /** Text of the last user message that carries text of its own (tool results excluded). */
  promptText: string;
  /** Text of the latest tool result that follows that message, when there is one. */
  toolResultText?: string;
  tools: MockTool[];
  stopSequences: string[];
  /** One "image:<mediaType>:<byteLength>" (or "image:url:<url>") per image part received. */
  images: string[];
  /** A JSON schema when the request asks for schema-conforming JSON; "json_object" for any JSON. */
  responseSchema?: unknown;
  maxTokens?: number;
  /** Responses only: whether `include` asked for `reasoning.encrypted_content`. */
  wantsEncryptedReasoning?: boolean;
  /** Chat only: `stream_options.include_usage`, which adds the final usage chunk. */
  includeUsage?: boolean;
}

/** Token usage in one neutral convention: `input` counts every prompt token, cached or not. */
export interface MockUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

export interface MockToolCall {
  /** 1-based position, used to build each protocol's deterministic id. */
  n: number;
  name: string;
  args: Record<string, unknown>;
  /** `JSON.stringify(args)` split into several fragments for argument deltas. */
  argChunks: string[];
}

export type MockStop = "end" | "tool_use" | "stop_sequence" | "max_tokens";

/** A successful answer, written by each protocol module in its own wire format. */
export interface ReplyPlan {
  kind: "reply";
  reasoning?: { text: string; chunks: string[]; signature: string };
  text: string;
  textChunks: string[];
  toolCalls: MockToolCall[];
  stop: MockStop;
  stopSequence?: string;
  usage: MockUsage;
  /** Break the connection (no terminal event) after this many text-delta frames. */
  breakAfterTextDeltas?: number;
  /** Send the protocol's in-stream error frame after this many text deltas, then end. */
  streamErrorAfterTextDeltas?: number;
  chunkDelayMs: number;
  /** Gemini only: omit functionCall ids (older models and some proxies do). */
  omitToolIds: boolean;
}

export type MockErrorKind = "invalid_request" | "rate_limit" | "overloaded";

/** An HTTP error answered before any body byte, in the protocol's own envelope. */
export interface ErrorPlan {
  kind: "error";
  errorKind: MockErrorKind;
  status: number;
  message: string;
  retryAfterSeconds?: number;
}

export type MockPlan = ReplyPlan | ErrorPlan;

/** One chunk of a response body; `textDelta` marks frames that carry answer text. */
export interface BodyFrame {
  data: string;
  textDelta?: boolean;
}
