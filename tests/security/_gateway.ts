/**
 * Shared pieces for the security tests: one config with a prefix route per upstream protocol
 * (no `rewrite_model`, so the client's model name reaches the adapter), the smallest valid
 * request of each entry, and canaries the log scan looks for.
 *
 * @module
 */
import { loadConfig, type LoadedConfig } from "../../lib/config/load.ts";

export const ENTRIES = ["openai", "openai_responses", "anthropic", "gemini"] as const;
export type EntryName = typeof ENTRIES[number];

/** Secrets and texts that must never reach a log line (see log_scan_test.ts). */
export const CANARY = {
  providerKey: "sk-CANARY-provider-key-7f3a",
  prompt: "PROMPT-CANARY-whisper",
  answer: "ANSWER-CANARY-reply",
} as const;

/** `{prefix}` routes per upstream type; `base` is the upstream's origin (e.g. a test server). */
export function securityConfig(base: string, server = "", extra = ""): LoadedConfig {
  const toml = `
[server]
${server}

[[providers]]
name = "echo"
type = "echo"

${
    ENTRIES.map((type) => `
[[providers]]
name = "${type}-up"
type = "${type}"
base_url = "${base}/${type}/base"
api_key = "${CANARY.providerKey}"

[[routes]]
match = "${type}-"
provider = "${type}-up"
`).join("")
  }
[[routes]]
match = "echo-"
provider = "echo"
${extra}
`;
  return loadConfig(toml, "security.toml", { env: () => undefined, readFile: () => "" });
}

export interface ClientCall {
  path: string;
  body: Record<string, unknown>;
}

/** The smallest valid request of `entry` for `model`. */
export function clientCall(
  entry: EntryName,
  model: string,
  prompt: string = CANARY.prompt,
  stream = false,
): ClientCall {
  switch (entry) {
    case "openai":
      return {
        path: "/v1/chat/completions",
        body: { model, stream, messages: [{ role: "user", content: prompt }] },
      };
    case "openai_responses":
      return { path: "/v1/responses", body: { model, stream, input: prompt } };
    case "anthropic":
      return {
        path: "/v1/messages",
        body: { model, stream, max_tokens: 16, messages: [{ role: "user", content: prompt }] },
      };
    case "gemini":
      return {
        path: `/v1beta/models/${pathEncode(model)}:${
          stream ? "streamGenerateContent?alt=sse" : "generateContent"
        }`,
        body: { contents: [{ role: "user", parts: [{ text: prompt }] }] },
      };
  }
}

export function post(
  handler: (request: Request) => Promise<Response>,
  call: { path: string; body: unknown },
  headers: Record<string, string> = {},
): Promise<Response> {
  return handler(
    new Request(`http://127.0.0.1:3000${call.path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof call.body === "string" ? call.body : JSON.stringify(call.body),
    }),
  );
}

/** True when `body` is `entry`'s own error envelope. */
export function isErrorShape(entry: EntryName | "count_tokens", body: unknown): boolean {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (typeof error !== "object" || error === null || typeof error.message !== "string") {
    return false;
  }
  switch (entry) {
    case "openai":
    case "openai_responses":
      return typeof error.type === "string" && !("status" in error);
    case "anthropic":
    case "count_tokens":
      return (body as { type?: string }).type === "error" && typeof error.type === "string";
    case "gemini":
      return typeof error.code === "number" && typeof error.status === "string";
  }
}

/** `encodeURIComponent`, with lone surrogates sent as the bytes a broken client would send. */
function pathEncode(model: string): string {
  return model.replace(/[\uD800-\uDFFF]/g, "\u0000SURROGATE").split("\u0000SURROGATE")
    .map(encodeURIComponent).join("%ED%A0%80");
}
