/**
 * One request in each client protocol against a gateway, every prompt carrying `canary` so a
 * test can prove the text never shows up where it must not. Returns the request ids.
 *
 * @module
 */

export const PROTOCOL_CALLS = [
  {
    protocol: "openai",
    path: "/v1/chat/completions",
    body: (model: string, text: string) => ({
      model,
      messages: [{ role: "user", content: text }],
    }),
  },
  {
    protocol: "openai_responses",
    path: "/v1/responses",
    body: (model: string, text: string) => ({ model, input: text }),
  },
  {
    protocol: "anthropic",
    path: "/v1/messages",
    body: (model: string, text: string) => ({
      model,
      max_tokens: 64,
      stream: true,
      messages: [{ role: "user", content: text }],
    }),
  },
  {
    protocol: "gemini",
    path: (model: string) => `/v1beta/models/${model}:generateContent`,
    body: (_model: string, text: string) => ({ contents: [{ role: "user", parts: [{ text }] }] }),
  },
] as const;

export async function sendAllProtocols(
  url: string,
  model: string,
  canary: string,
  headers: Record<string, string> = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (const call of PROTOCOL_CALLS) {
    const path = typeof call.path === "function" ? call.path(model) : call.path;
    const res = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(call.body(model, `${canary} SCENARIO:text`)),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${call.protocol}: HTTP ${res.status}: ${text}`);
    ids.push(res.headers.get("x-request-id")!);
  }
  return ids;
}
