/**
 * Gemini client driver: `models.generateContent` and `models.generateContentStream` of
 * `@google/genai`. A streamed answer's parts are concatenated in arrival order into the model
 * turn that the next request replays, thought parts and `thoughtSignature`s included, as
 * Gemini CLI does. Gemini reports no cache writes and no distinct stop-sequence reason.
 *
 * @module
 */
import {
  type Content,
  type GenerateContentConfig,
  type GenerateContentResponse,
  GoogleGenAI,
  type Part,
} from "@google/genai";
import {
  callError,
  type CallInput,
  type ClientDriver,
  failed,
  type Outcome,
  type Stop,
  TOOLS,
} from "./driver.ts";

export function geminiDriver(gatewayUrl: string): ClientDriver {
  const client = new GoogleGenAI({
    apiKey: "test",
    httpOptions: { baseUrl: gatewayUrl, apiVersion: "v1beta" },
  });
  const send = async (
    model: string,
    input: CallInput,
    contents: Content[],
    stream: boolean,
  ): Promise<Outcome> => {
    const params = { model, contents, config: config(input) };
    const chunks: GenerateContentResponse[] = [];
    try {
      if (stream) {
        for await (const chunk of await client.models.generateContentStream(params)) {
          chunks.push(chunk);
        }
      } else {
        chunks.push(await client.models.generateContent(params));
      }
    } catch (e) {
      return failed(callError(e, innerMessage));
    }
    const parts = chunks.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []);
    const history = [...contents, { role: "model", parts }];
    return {
      ...read(parts, chunks.at(-1)),
      next: (nextModel, outputs, nextStream) => {
        const results: Part[] = parts.filter((p) => p.functionCall).map((p, i) => ({
          functionResponse: {
            ...(p.functionCall?.id ? { id: p.functionCall.id } : {}),
            name: p.functionCall?.name,
            response: { output: outputs[i] ?? "" },
          },
        }));
        return send(nextModel, input, [...history, { role: "user", parts: results }], nextStream);
      },
    };
  };
  return {
    protocol: "gemini",
    call: (model, input) => send(model, input, [firstContent(input)], input.stream),
  };
}

function firstContent(input: CallInput): Content {
  const text: Part = { text: input.prompt };
  if (!input.image) return { role: "user", parts: [text] };
  const image = { inlineData: { mimeType: input.image.mediaType, data: input.image.base64 } };
  return { role: "user", parts: [image, text] };
}

function config(input: CallInput): GenerateContentConfig {
  return {
    ...(input.tools
      ? {
        tools: [{
          functionDeclarations: TOOLS.map((t) => ({
            name: t.name,
            description: t.description,
            parametersJsonSchema: t.schema,
          })),
        }],
      }
      : {}),
    ...(input.stopSequences ? { stopSequences: input.stopSequences } : {}),
    ...(input.maxTokens ? { maxOutputTokens: input.maxTokens } : {}),
    ...(input.thinking ? { thinkingConfig: { includeThoughts: true } } : {}),
  };
}

function read(parts: Part[], last: GenerateContentResponse | undefined): Omit<Outcome, "next"> {
  const toolCalls = parts.flatMap((p) =>
    p.functionCall
      ? [{
        id: p.functionCall.id ?? "",
        name: p.functionCall.name ?? "",
        args: p.functionCall.args ?? {},
      }]
      : []
  );
  const reason = last?.candidates?.[0]?.finishReason;
  const u = last?.usageMetadata;
  return {
    text: parts.filter((p) => !p.thought && typeof p.text === "string").map((p) => p.text)
      .join(""),
    reasoning: parts.filter((p) => p.thought).map((p) => p.text ?? "").join(""),
    artifacts: parts.flatMap((p) => p.thoughtSignature ? [p.thoughtSignature] : []),
    toolCalls,
    stop: stopOf(reason, toolCalls.length > 0),
    rawStop: String(reason),
    usage: u && {
      input: u.promptTokenCount ?? 0,
      output: (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0),
      cacheRead: u.cachedContentTokenCount ?? 0,
    },
  };
}

function stopOf(reason: string | undefined, calledTools: boolean): Stop {
  switch (reason) {
    case "STOP":
      return calledTools ? "tool_use" : "end";
    case "MAX_TOKENS":
      return "max_tokens";
    default:
      return "none";
  }
}

/** The SDK's ApiError message embeds the `{error:{message}}` body as JSON after some prose. */
function innerMessage(e: unknown): string | undefined {
  const text = e instanceof Error ? e.message : "";
  const start = text.indexOf("{");
  if (start < 0) return undefined;
  try {
    const body = JSON.parse(text.slice(start));
    return typeof body?.error?.message === "string" ? body.error.message : undefined;
  } catch {
    return undefined;
  }
}
