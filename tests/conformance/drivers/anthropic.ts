/**
 * Anthropic Messages client driver: `messages.create` and `messages.stream().finalMessage()`
 * of `@anthropic-ai/sdk`. Replays the assistant message's content blocks exactly as received
 * (thinking with its signature included), as Claude Code does.
 *
 * @module
 */
import Anthropic, { APIError } from "@anthropic-ai/sdk";
import type {
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
} from "@anthropic-ai/sdk/resources/messages";
import {
  callError,
  type CallInput,
  type ClientDriver,
  failed,
  type Outcome,
  type Stop,
  TOOLS,
} from "./driver.ts";

export function anthropicDriver(gatewayUrl: string): ClientDriver {
  const client = new Anthropic({ apiKey: "test", baseURL: gatewayUrl, maxRetries: 0 });
  const send = async (
    model: string,
    input: CallInput,
    messages: MessageParam[],
    stream: boolean,
  ): Promise<Outcome> => {
    const params = requestParams(model, input, messages);
    let message: Message;
    try {
      if (stream) {
        const s = client.messages.stream(params);
        s.on("error", () => {});
        message = await s.finalMessage();
      } else {
        message = await client.messages.create(params);
      }
    } catch (e) {
      return failed(callError(e, innerMessage));
    }
    const history = [...messages, { role: "assistant" as const, content: message.content }];
    return {
      ...read(message),
      next: (nextModel, outputs, nextStream) => {
        const results: ContentBlockParam[] = message.content
          .filter((b) => b.type === "tool_use")
          .map((b, i) => ({ type: "tool_result", tool_use_id: b.id, content: outputs[i] ?? "" }));
        return send(nextModel, input, [...history, { role: "user", content: results }], nextStream);
      },
    };
  };
  return {
    protocol: "anthropic",
    call: (model, input) => send(model, input, [firstMessage(input)], input.stream),
  };
}

function firstMessage(input: CallInput): MessageParam {
  if (!input.image) return { role: "user", content: input.prompt };
  const source = {
    type: "base64" as const,
    media_type: input.image.mediaType as "image/png",
    data: input.image.base64,
  };
  return {
    role: "user",
    content: [{ type: "image", source }, { type: "text", text: input.prompt }],
  };
}

function requestParams(
  model: string,
  input: CallInput,
  messages: MessageParam[],
): MessageCreateParamsNonStreaming {
  return {
    model,
    max_tokens: input.maxTokens ?? 1024,
    messages,
    ...(input.tools
      ? {
        tools: TOOLS.map((t) => ({
          name: t.name,
          description: t.description,
          input_schema: t.schema as unknown as Anthropic.Tool.InputSchema,
        })),
      }
      : {}),
    ...(input.stopSequences ? { stop_sequences: input.stopSequences } : {}),
    ...(input.thinking ? { thinking: { type: "enabled" as const, budget_tokens: 1024 } } : {}),
  };
}

function read(message: Message): Omit<Outcome, "next"> {
  const text = message.content.flatMap((b) => b.type === "text" ? [b.text] : []).join("");
  const reasoning = message.content.flatMap((b) => b.type === "thinking" ? [b.thinking] : [])
    .join("");
  const artifacts = message.content.flatMap((b) =>
    b.type === "thinking" ? [b.signature] : b.type === "redacted_thinking" ? [b.data] : []
  ).filter((s) => s !== "");
  const toolCalls = message.content.flatMap((b) =>
    b.type === "tool_use"
      ? [{ id: b.id, name: b.name, args: b.input as Record<string, unknown> }]
      : []
  );
  const u = message.usage;
  return {
    text,
    reasoning,
    artifacts,
    toolCalls,
    stop: stopOf(message.stop_reason),
    rawStop: String(message.stop_reason),
    stopSequence: message.stop_sequence ?? undefined,
    usage: {
      input: u.input_tokens + (u.cache_read_input_tokens ?? 0) +
        (u.cache_creation_input_tokens ?? 0),
      output: u.output_tokens,
      cacheRead: u.cache_read_input_tokens ?? 0,
      cacheWrite: u.cache_creation_input_tokens ?? 0,
    },
  };
}

function stopOf(reason: Message["stop_reason"]): Stop {
  switch (reason) {
    case "end_turn":
      return "end";
    case "tool_use":
      return "tool_use";
    case "stop_sequence":
      return "stop_sequence";
    case "max_tokens":
      return "max_tokens";
    default:
      return "none";
  }
}

/** `{type:"error", error:{message}}` → the message; a stream error carries the same envelope. */
function innerMessage(e: unknown): string | undefined {
  if (e instanceof APIError) {
    const body = e.error as { error?: { message?: unknown } } | undefined;
    if (typeof body?.error?.message === "string") return body.error.message;
  }
  return undefined;
}
