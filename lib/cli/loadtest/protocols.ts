/**
 * How a load request looks in each client protocol: path, headers, JSON body, and the bytes
 * that end a complete stream (so a stream cut short counts as an error, not a success).
 *
 * @module
 */
import type { Conversation } from "./bodies.ts";

export const PROTOCOLS = ["openai-chat", "responses", "anthropic", "gemini"] as const;
export type ProtocolName = typeof PROTOCOLS[number];

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Present at the end of a complete stream. */
  endMarker: string;
  /** Present in the tail of a stream that ended with the protocol's error frame. */
  errorMarker: RegExp;
}

export function loadRequest(
  protocol: ProtocolName,
  model: string,
  stream: boolean,
  conversation: Conversation,
  apiKey: string,
): LoadRequest {
  const json = { "content-type": "application/json" };
  const turns = conversation.turns.map((text, i) => ({
    role: (conversation.turns.length - 1 - i) % 2 === 0 ? "user" : "assistant",
    text,
  }));
  switch (protocol) {
    case "openai-chat":
      return {
        path: "/v1/chat/completions",
        headers: { ...json, authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({
          model,
          stream,
          messages: [
            ...(conversation.system ? [{ role: "system", content: conversation.system }] : []),
            ...turns.map((t) => ({ role: t.role, content: t.text })),
          ],
          ...(conversation.tools.length > 0
            ? {
              tools: conversation.tools.map((t) => ({
                type: "function",
                function: { name: t.name, description: t.description, parameters: t.schema },
              })),
            }
            : {}),
        }),
        endMarker: "[DONE]",
        errorMarker: /data: ?\{"error"/,
      };
    case "responses":
      return {
        path: "/v1/responses",
        headers: { ...json, authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({
          model,
          stream,
          ...(conversation.system ? { instructions: conversation.system } : {}),
          input: turns.map((t) => ({
            role: t.role,
            content: [{ type: t.role === "user" ? "input_text" : "output_text", text: t.text }],
          })),
          ...(conversation.tools.length > 0
            ? {
              tools: conversation.tools.map((t) => ({
                type: "function",
                name: t.name,
                description: t.description,
                parameters: t.schema,
              })),
            }
            : {}),
        }),
        endMarker: "response.completed",
        errorMarker: /event: ?(error|response\.failed)/,
      };
    case "anthropic":
      return {
        path: "/v1/messages",
        headers: { ...json, "x-api-key": apiKey, "anthropic-version": "2023-06-01" },
        body: JSON.stringify({
          model,
          max_tokens: 1024,
          stream,
          ...(conversation.system ? { system: conversation.system } : {}),
          messages: turns.map((t) => ({ role: t.role, content: t.text })),
          ...(conversation.tools.length > 0
            ? {
              tools: conversation.tools.map((t) => ({
                name: t.name,
                description: t.description,
                input_schema: t.schema,
              })),
            }
            : {}),
        }),
        endMarker: "message_stop",
        errorMarker: /event: ?error/,
      };
    case "gemini":
      return {
        path: `/v1beta/models/${encodeURIComponent(model)}:${
          stream ? "streamGenerateContent?alt=sse" : "generateContent"
        }`,
        headers: { ...json, "x-goog-api-key": apiKey },
        body: JSON.stringify({
          ...(conversation.system
            ? { systemInstruction: { parts: [{ text: conversation.system }] } }
            : {}),
          contents: turns.map((t) => ({
            role: t.role === "user" ? "user" : "model",
            parts: [{ text: t.text }],
          })),
          ...(conversation.tools.length > 0
            ? {
              tools: [{
                functionDeclarations: conversation.tools.map((t) => ({
                  name: t.name,
                  description: t.description,
                  parametersJsonSchema: t.schema,
                })),
              }],
            }
            : {}),
        }),
        endMarker: "finishReason",
        errorMarker: /data: ?\{"error"/,
      };
  }
}
