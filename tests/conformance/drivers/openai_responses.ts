/**
 * OpenAI Responses client driver: `responses.create` and `responses.stream().finalResponse()`
 * of the `openai` SDK, stateless (`store: false`, `include: ["reasoning.encrypted_content"]`) as
 * Codex runs it: the next turn replays every output item as received, reasoning items with
 * their `encrypted_content` included. Responses has no stop sequences field.
 *
 * @module
 */
import OpenAI from "openai";
import { openaiInnerMessage } from "./openai_error.ts";
import type {
  Response,
  ResponseCreateParamsNonStreaming,
  ResponseInputItem,
} from "openai/resources/responses/responses";
import {
  callError,
  type CallInput,
  type ClientDriver,
  failed,
  type Outcome,
  type Stop,
  TOOLS,
} from "./driver.ts";

export function openAIResponsesDriver(gatewayUrl: string): ClientDriver {
  const client = new OpenAI({ apiKey: "test", baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
  const send = async (
    model: string,
    input: CallInput,
    items: ResponseInputItem[],
    stream: boolean,
  ): Promise<Outcome> => {
    const params = requestParams(model, input, items);
    let response: Response;
    try {
      response = stream
        ? await client.responses.stream({ ...params, stream: true }).finalResponse()
        : await client.responses.create(params);
    } catch (e) {
      return failed(callError(e, openaiInnerMessage));
    }
    const history = [...items, ...response.output as ResponseInputItem[]];
    return {
      ...read(response),
      next: (nextModel, outputs, nextStream) => {
        const results: ResponseInputItem[] = response.output
          .filter((o) => o.type === "function_call")
          .map((o, i) => ({
            type: "function_call_output",
            call_id: o.call_id,
            output: outputs[i] ?? "",
          }));
        return send(nextModel, input, [...history, ...results], nextStream);
      },
    };
  };
  return {
    protocol: "openai_responses",
    call: (model, input) => send(model, input, [firstItem(input)], input.stream),
  };
}

function firstItem(input: CallInput): ResponseInputItem {
  const text = { type: "input_text" as const, text: input.prompt };
  if (!input.image) return { role: "user", content: [text] };
  const url = `data:${input.image.mediaType};base64,${input.image.base64}`;
  return {
    role: "user",
    content: [{ type: "input_image", image_url: url, detail: "auto" }, text],
  };
}

function requestParams(
  model: string,
  input: CallInput,
  items: ResponseInputItem[],
): ResponseCreateParamsNonStreaming {
  return {
    model,
    input: items,
    store: false,
    include: ["reasoning.encrypted_content"],
    ...(input.tools
      ? {
        tools: TOOLS.map((t) => ({
          type: "function" as const,
          name: t.name,
          description: t.description,
          parameters: { ...t.schema },
          strict: false,
        })),
      }
      : {}),
    ...(input.maxTokens ? { max_output_tokens: input.maxTokens } : {}),
    ...(input.thinking
      ? { reasoning: { effort: "medium" as const, summary: "auto" as const } }
      : {}),
  };
}

function read(response: Response): Omit<Outcome, "next"> {
  const reasoning = response.output.flatMap((o) =>
    o.type === "reasoning" ? o.summary.map((s) => s.text) : []
  ).join("");
  const artifacts = response.output.flatMap((o) =>
    o.type === "reasoning" && o.encrypted_content ? [o.encrypted_content] : []
  );
  const toolCalls = response.output.flatMap((o) =>
    o.type === "function_call"
      ? [{ id: o.call_id, name: o.name, args: JSON.parse(o.arguments) }]
      : []
  );
  const u = response.usage;
  const details = u?.input_tokens_details as
    | { cached_tokens?: number; cache_write_tokens?: number }
    | undefined;
  return {
    text: response.output_text,
    reasoning,
    artifacts,
    toolCalls,
    stop: stopOf(response, toolCalls.length > 0),
    rawStop: `${response.status}${
      response.incomplete_details?.reason ? `:${response.incomplete_details.reason}` : ""
    }`,
    usage: u && {
      input: u.input_tokens,
      output: u.output_tokens,
      cacheRead: details?.cached_tokens ?? 0,
      ...(details?.cache_write_tokens !== undefined
        ? { cacheWrite: details.cache_write_tokens }
        : {}),
    },
    error: response.status === "failed"
      ? { message: response.error?.message ?? "", threw: false }
      : undefined,
  };
}

function stopOf(response: Response, calledTools: boolean): Stop {
  switch (response.status) {
    case "completed":
      return calledTools ? "tool_use" : "end";
    case "incomplete":
      return response.incomplete_details?.reason === "max_output_tokens" ? "max_tokens" : "none";
    case "failed":
      return "failed";
    default:
      return "none";
  }
}
