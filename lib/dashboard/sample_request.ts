/**
 * The route tester's request: a small but real body in the chosen client protocol with the
 * features ticked (streaming, a tool, an image, thinking, a long prompt), so routing sees what it
 * would see from a client. No text from real traffic is ever used.
 *
 * @module
 */
import type { ProtocolId } from "../ir/content.ts";

export interface SampleFeatures {
  stream?: boolean;
  tools?: boolean;
  images?: boolean;
  thinking?: boolean;
  /** Roughly this many prompt tokens (for size-based routes); 0 or absent: a short prompt. */
  inputTokens?: number;
}

/** A 1×1 transparent PNG. */
const PIXEL_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
const TOOL = {
  name: "get_weather",
  description: "Weather for a city",
  schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};
/** About 4 characters per token; capped so a typo cannot build a huge body. */
const MAX_SAMPLE_TOKENS = 2_000_000;

export function sampleRequest(
  protocol: ProtocolId,
  model: string,
  features: SampleFeatures,
): unknown {
  const tokens = Math.min(MAX_SAMPLE_TOKENS, Math.max(0, Math.floor(features.inputTokens ?? 0)));
  const text = tokens > 0 ? "word ".repeat(Math.ceil(tokens * 4 / 5)) : "Where should this go?";
  switch (protocol) {
    case "openai":
      return {
        model,
        stream: features.stream || undefined,
        messages: [{
          role: "user",
          content: features.images
            ? [{ type: "text", text }, {
              type: "image_url",
              image_url: { url: `data:image/png;base64,${PIXEL_PNG}` },
            }]
            : text,
        }],
        tools: features.tools
          ? [{
            type: "function",
            function: { name: TOOL.name, description: TOOL.description, parameters: TOOL.schema },
          }]
          : undefined,
        reasoning_effort: features.thinking ? "medium" : undefined,
      };
    case "openai_responses":
      return {
        model,
        stream: features.stream || undefined,
        input: [{
          role: "user",
          content: [
            { type: "input_text", text },
            ...(features.images
              ? [{ type: "input_image", image_url: `data:image/png;base64,${PIXEL_PNG}` }]
              : []),
          ],
        }],
        tools: features.tools
          ? [{
            type: "function",
            name: TOOL.name,
            description: TOOL.description,
            parameters: TOOL.schema,
          }]
          : undefined,
        reasoning: features.thinking ? { effort: "medium" } : undefined,
      };
    case "anthropic":
      return {
        model,
        max_tokens: 2048,
        stream: features.stream || undefined,
        messages: [{
          role: "user",
          content: [
            { type: "text", text },
            ...(features.images
              ? [{
                type: "image",
                source: { type: "base64", media_type: "image/png", data: PIXEL_PNG },
              }]
              : []),
          ],
        }],
        tools: features.tools
          ? [{ name: TOOL.name, description: TOOL.description, input_schema: TOOL.schema }]
          : undefined,
        thinking: features.thinking ? { type: "enabled", budget_tokens: 1024 } : undefined,
      };
    case "gemini":
      return {
        model,
        contents: [{
          role: "user",
          parts: [
            { text },
            ...(features.images
              ? [{ inlineData: { mimeType: "image/png", data: PIXEL_PNG } }]
              : []),
          ],
        }],
        tools: features.tools
          ? [{
            functionDeclarations: [{
              name: TOOL.name,
              description: TOOL.description,
              parameters: TOOL.schema,
            }],
          }]
          : undefined,
        generationConfig: features.thinking
          ? { thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } }
          : undefined,
      };
  }
}
