/**
 * The shape every client driver shares. A driver speaks one client protocol through its
 * official SDK and reduces what the SDK returns to an {@link Outcome}, so one case table can
 * judge every entry × adapter pair with the same assertions.
 *
 * @module
 */
import type { ProtocolId } from "../../../lib/ir/content.ts";

/** A stop reason in one vocabulary; `failed` is a Responses stream that ended with an error. */
export type Stop = "end" | "tool_use" | "stop_sequence" | "max_tokens" | "failed" | "none";

export interface ToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

/** Usage in one convention: `input` counts every prompt token, cached or not. */
export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  /** Undefined when the client protocol has no field for it. */
  cacheWrite?: number;
}

export interface CallError {
  /** HTTP status, undefined when the failure came after the headers (a broken stream). */
  status?: number;
  /** The upstream's own message, unwrapped from the client protocol's envelope. */
  message: string;
  /** True when the SDK threw; false when it returned a failed result (Responses `failed`). */
  threw: boolean;
}

/** What a case asks a driver to send. */
export interface CallInput {
  prompt: string;
  stream: boolean;
  /** Declare the two test tools (get_weather, get_time). */
  tools?: boolean;
  image?: { mediaType: string; base64: string };
  stopSequences?: string[];
  maxTokens?: number;
  /** Ask for reasoning in the client protocol's own way. */
  thinking?: boolean;
}

export interface Outcome {
  text: string;
  /** Reasoning text the client protocol shows (thinking, summary, thought parts). */
  reasoning: string;
  /** Opaque reasoning artifacts the client received (signatures, encrypted content). */
  artifacts: string[];
  toolCalls: ToolCall[];
  stop: Stop;
  /** The client protocol's own stop field, for messages. */
  rawStop: string;
  /** The stop sequence the client protocol reports, when it has a field for it. */
  stopSequence?: string;
  usage?: Usage;
  error?: CallError;
  /**
   * Sends the conversation so far (prompt, this answer exactly as the SDK returned it) plus one
   * result per tool call, to `model` (the same route or another one).
   */
  next(model: string, toolOutputs: string[], stream: boolean): Promise<Outcome>;
}

export interface ClientDriver {
  protocol: ProtocolId;
  call(model: string, input: CallInput): Promise<Outcome>;
}

/** JSON schemas of the two test tools; the mock fills `city` with "Paris" / "London". */
export const TOOLS = [
  {
    name: "get_weather",
    description: "Weather for a city",
    schema: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } },
      required: ["city"],
    },
  },
  {
    name: "get_time",
    description: "Local time in a city",
    schema: {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    },
  },
] as const;

/** An outcome for a call the SDK refused (threw). */
export function failed(error: CallError): Outcome {
  return {
    text: "",
    reasoning: "",
    artifacts: [],
    toolCalls: [],
    stop: "none",
    rawStop: "",
    error,
    next: () => Promise.reject(new Error("cannot continue a failed call")),
  };
}

/** Reads an SDK error into a {@link CallError}, unwrapping the provider envelope's message. */
export function callError(e: unknown, inner: (e: unknown) => string | undefined): CallError {
  const status = (e as { status?: unknown })?.status;
  const message = inner(e) ?? (e instanceof Error ? e.message : String(e));
  return { status: typeof status === "number" ? status : undefined, message, threw: true };
}
