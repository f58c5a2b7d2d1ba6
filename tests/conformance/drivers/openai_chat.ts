/**
 * OpenAI Chat Completions client driver: `chat.completions.create` and
 * `chat.completions.stream().finalChatCompletion()` of the `openai` SDK. Chat has no field for
 * a reasoning signature; reasoning text arrives as the `reasoning_content` extension and is
 * replayed on the assistant message the way DeepSeek-style clients do.
 *
 * @module
 */
import OpenAI from "openai";
import { openaiInnerMessage } from "./openai_error.ts";
import type {
  ChatCompletion,
  ChatCompletionContentPart,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import {
  callError,
  type CallInput,
  type ClientDriver,
  failed,
  type Outcome,
  type Stop,
  TOOLS,
} from "./driver.ts";

type Message = ChatCompletion["choices"][number]["message"] & { reasoning_content?: string };

export function openAIChatDriver(gatewayUrl: string): ClientDriver {
  const client = new OpenAI({ apiKey: "test", baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
  const send = async (
    model: string,
    input: CallInput,
    messages: ChatCompletionMessageParam[],
    stream: boolean,
  ): Promise<Outcome> => {
    const params = requestParams(model, input, messages);
    let completion: ChatCompletion;
    let streamedReasoning = "";
    try {
      if (stream) {
        const s = client.chat.completions.stream({
          ...params,
          stream: true,
          stream_options: { include_usage: true },
        });
        for await (const chunk of s) {
          const delta = chunk.choices[0]?.delta as { reasoning_content?: string } | undefined;
          streamedReasoning += delta?.reasoning_content ?? "";
        }
        completion = await s.finalChatCompletion();
      } else {
        completion = await client.chat.completions.create(params);
      }
    } catch (e) {
      return failed(callError(e, openaiInnerMessage));
    }
    const choice = completion.choices[0];
    const message = choice.message as Message;
    const reasoning = stream ? streamedReasoning : message.reasoning_content ?? "";
    const replayed = {
      role: "assistant",
      content: message.content,
      ...(message.tool_calls ? { tool_calls: message.tool_calls } : {}),
      ...(reasoning ? { reasoning_content: reasoning } : {}),
    } as ChatCompletionMessageParam;
    const u = completion.usage;
    const details = u?.prompt_tokens_details as
      | { cached_tokens?: number; cache_write_tokens?: number }
      | undefined;
    return {
      text: message.content ?? "",
      reasoning,
      artifacts: (message.tool_calls ?? []).flatMap((c) => {
        const extra = (c as { extra_content?: { google?: { thought_signature?: unknown } } })
          .extra_content;
        const signature = extra?.google?.thought_signature;
        return typeof signature === "string" ? [signature] : [];
      }),
      toolCalls: (message.tool_calls ?? []).flatMap((c) =>
        c.type === "function"
          ? [{ id: c.id, name: c.function.name, args: JSON.parse(c.function.arguments) }]
          : []
      ),
      stop: stopOf(choice.finish_reason),
      rawStop: String(choice.finish_reason),
      usage: u && {
        input: u.prompt_tokens,
        output: u.completion_tokens,
        cacheRead: details?.cached_tokens ?? 0,
        ...(details?.cache_write_tokens !== undefined
          ? { cacheWrite: details.cache_write_tokens }
          : {}),
      },
      next: (nextModel, outputs, nextStream) => {
        const results: ChatCompletionMessageParam[] = (message.tool_calls ?? []).map((c, i) => ({
          role: "tool",
          tool_call_id: c.id,
          content: outputs[i] ?? "",
        }));
        return send(nextModel, input, [...messages, replayed, ...results], nextStream);
      },
    };
  };
  return {
    protocol: "openai",
    call: (model, input) => send(model, input, [firstMessage(input)], input.stream),
  };
}

function firstMessage(input: CallInput): ChatCompletionMessageParam {
  if (!input.image) return { role: "user", content: input.prompt };
  const content: ChatCompletionContentPart[] = [
    {
      type: "image_url",
      image_url: { url: `data:${input.image.mediaType};base64,${input.image.base64}` },
    },
    { type: "text", text: input.prompt },
  ];
  return { role: "user", content };
}

function requestParams(
  model: string,
  input: CallInput,
  messages: ChatCompletionMessageParam[],
): ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    messages,
    ...(input.tools
      ? {
        tools: TOOLS.map((t) => ({
          type: "function" as const,
          function: { name: t.name, description: t.description, parameters: { ...t.schema } },
        })),
      }
      : {}),
    ...(input.stopSequences ? { stop: input.stopSequences } : {}),
    ...(input.maxTokens ? { max_completion_tokens: input.maxTokens } : {}),
    ...(input.thinking ? { reasoning_effort: "medium" as const } : {}),
  };
}

function stopOf(reason: string | null): Stop {
  switch (reason) {
    case "stop":
      return "end";
    case "tool_calls":
      return "tool_use";
    case "length":
      return "max_tokens";
    default:
      return "none";
  }
}
