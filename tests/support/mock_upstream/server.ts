/**
 * The mock upstream's HTTP face: routes each provider endpoint to its protocol module, records
 * every request, and answers with the plan the request's scenario marker selects.
 *
 * @module
 */
import { anthropicError, anthropicReply, readAnthropicRequest } from "./anthropic.ts";
import { jsonResponse } from "./body.ts";
import { geminiError, geminiReply, readGeminiRequest } from "./gemini.ts";
import { openAIChatError, openAIChatReply, readOpenAIChatRequest } from "./openai_chat.ts";
import {
  openAIResponsesError,
  openAIResponsesReply,
  readOpenAIResponsesRequest,
} from "./openai_responses.ts";
import { planFor } from "./scenario.ts";
import type { MockPlan, MockPrompt, MockProtocol, MockUpstream, RecordedRequest } from "./types.ts";

const GEMINI_PATH =
  /\/v1(?:beta|alpha)?\d*\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

/** Starts the mock on 127.0.0.1 (a free port unless `port` is given). */
export function startMockUpstream(opts: { port?: number } = {}): Promise<MockUpstream> {
  const requests: RecordedRequest[] = [];
  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: opts.port ?? 0,
      onListen: ({ port }) => {
        resolve({
          url: `http://127.0.0.1:${port}`,
          requests,
          close: () => server.shutdown(),
        });
      },
    }, (request) => handle(request, requests));
  });
}

async function handle(request: Request, requests: RecordedRequest[]): Promise<Response> {
  const url = new URL(request.url);
  const body = await readBody(request);
  const headers = Object.fromEntries(request.headers);
  const path = url.pathname;
  const protocol = protocolOf(request.method, path, headers);
  requests.push({ method: request.method, path, search: url.search, headers, body, protocol });
  if (request.method === "HEAD") return new Response(null, { status: 200 });
  if (request.method === "GET" && /\/models$/.test(path)) return modelList(protocol);
  if (request.method !== "POST") return notFound(request.method, path);
  if (path.endsWith("/messages/count_tokens")) {
    return jsonResponse({ input_tokens: estimate(body) });
  }
  if (path.endsWith("/responses/input_tokens")) {
    return jsonResponse({ object: "response.input_tokens", input_tokens: estimate(body) });
  }
  if (path.endsWith("/chat/completions")) {
    return answer(readOpenAIChatRequest(body), openAIChatReply, openAIChatError);
  }
  if (path.endsWith("/responses")) {
    return answer(readOpenAIResponsesRequest(body), openAIResponsesReply, openAIResponsesError);
  }
  if (path.endsWith("/messages")) {
    return answer(readAnthropicRequest(body), anthropicReply, anthropicError);
  }
  const gemini = GEMINI_PATH.exec(path);
  if (gemini) {
    const [, model, method] = gemini;
    if (method === "countTokens") return jsonResponse({ totalTokens: estimate(body) });
    const stream = method === "streamGenerateContent";
    const sse = url.searchParams.get("alt") === "sse";
    const prompt = readGeminiRequest(body, decodeURIComponent(model), stream);
    return answer(prompt, (plan, p) => geminiReply(plan, p, sse), geminiError);
  }
  return notFound(request.method, path);
}

function answer(
  prompt: MockPrompt,
  reply: (plan: Extract<MockPlan, { kind: "reply" }>, prompt: MockPrompt) => Response,
  error: (plan: Extract<MockPlan, { kind: "error" }>) => Response,
): Response {
  const plan = planFor(prompt);
  return plan.kind === "error" ? error(plan) : reply(plan, prompt);
}

function protocolOf(method: string, path: string, headers: Record<string, string>): MockProtocol {
  if (GEMINI_PATH.test(path) || path.includes("/v1beta/")) return "gemini";
  if (path.endsWith("/responses")) return "openai_responses";
  if (path.includes("/messages")) return "anthropic";
  if (method === "GET" && ("anthropic-version" in headers || "x-api-key" in headers)) {
    return "anthropic";
  }
  if ("x-goog-api-key" in headers) return "gemini";
  return "openai";
}

/** Each protocol's model list shape, so discovery calls from any client parse. */
function modelList(protocol: MockProtocol): Response {
  const ids = ["mock-model", "claude-mock", "gpt-mock", "gemini-mock"];
  if (protocol === "anthropic") {
    const data = ids.map((id) => ({
      type: "model",
      id,
      display_name: id,
      created_at: "2024-01-01T00:00:00Z",
    }));
    return jsonResponse({ data, has_more: false, first_id: ids[0], last_id: ids.at(-1) });
  }
  if (protocol === "gemini") {
    const models = ids.map((id) => ({
      name: `models/${id}`,
      displayName: id,
      supportedGenerationMethods: ["generateContent", "streamGenerateContent", "countTokens"],
    }));
    return jsonResponse({ models });
  }
  const data = ids.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "mock" }));
  return jsonResponse({ object: "list", data });
}

function notFound(method: string, path: string): Response {
  const message = `mock upstream: no route for ${method} ${path}`;
  return jsonResponse({ error: { message, type: "not_found_error", code: 404 } }, 404);
}

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function estimate(body: unknown): number {
  return Math.max(1, Math.ceil(JSON.stringify(body ?? "").length / 4));
}
