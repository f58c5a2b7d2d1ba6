/**
 * How each real client is pointed at the gateway and kept offline. The switches come from
 * shared/research/clients.md and were re-checked here against a loopback server; each comment
 * says what breaks without it.
 *
 * @module
 */
import { join } from "node:path";
import type { ClientName } from "./clients.ts";

export interface ClientCommand {
  client: ClientName;
  args: string[];
  env: Record<string, string>;
  /** Files to write under HOME before the run (path relative to HOME → content). */
  homeFiles?: Record<string, string>;
}

/** The prompt: the mock calls the client's shell tool with `echo hi` when it sees E2E_TOOL. */
export const TOOL_PROMPT = "E2E_TOOL: run `echo hi` with your shell tool and report its output.";

/** The same round trip, with the mock reasoning (signed) before its tool call. */
export const THINK_PROMPT = "E2E_THINK: run `echo hi` with your shell tool and report its output.";

/** Claude Code speaks Anthropic Messages (`POST /v1/messages?beta=true`). */
export function claudeCode(gatewayUrl: string, prompt = TOOL_PROMPT): ClientCommand {
  return {
    client: "claude",
    // Full default tool set (no --bare); only `echo hi` may run without a prompt.
    args: ["-p", prompt, "--model", "claude-opus-4-6", "--allowedTools", "Bash(echo hi)"],
    env: {
      ANTHROPIC_BASE_URL: gatewayUrl,
      ANTHROPIC_API_KEY: "dummy",
      // Without it: HEAD /api/hello plus MCP-registry and event-logging calls to the internet.
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_TELEMETRY: "1",
      DISABLE_AUTOUPDATER: "1",
    },
  };
}

/** Codex speaks Responses through a custom provider (the built-in one tries WebSockets first). */
export function codex(gatewayUrl: string, home: string, prompt = TOOL_PROMPT): ClientCommand {
  const provider = `model_providers.ferry={name="ferry",base_url="${gatewayUrl}/v1",` +
    `env_key="FERRY_API_KEY",wire_api="responses",request_max_retries=1,stream_max_retries=1}`;
  return {
    client: "codex",
    args: [
      "exec",
      "--skip-git-repo-check",
      "--ephemeral",
      "--color",
      "never",
      "-m",
      "gpt-5.5",
      // Without these two and analytics off it reaches api.github.com and ab.chatgpt.com.
      "--disable",
      "plugins",
      "--disable",
      "apps",
      "-c",
      "check_for_update_on_startup=false",
      "-c",
      "analytics.enabled=false",
      "-c",
      "model_provider=ferry",
      "-c",
      provider,
      prompt,
    ],
    // CODEX_HOME must exist before the run; the caller creates it via homeFiles.
    env: { CODEX_HOME: join(home, ".codex"), FERRY_API_KEY: "dummy" },
    homeFiles: { ".codex/.keep": "" },
  };
}

/** Gemini CLI speaks Gemini (`:streamGenerateContent?alt=sse`). */
export function geminiCli(gatewayUrl: string): ClientCommand {
  // Without the pinned auth type, GOOGLE_GEMINI_BASE_URL selects "gateway" auth and the CLI
  // exits 41 ("Invalid auth method selected.").
  const settings = {
    security: { auth: { selectedType: "gemini-api-key" } },
    privacy: { usageStatisticsEnabled: false },
    general: { disableAutoUpdate: true, disableUpdateNag: true },
  };
  return {
    client: "gemini",
    // -m skips the auto-router's extra generateContent call; yolo exposes run_shell_command;
    // --skip-trust avoids exit 55 in an untrusted folder.
    args: ["--skip-trust", "-p", TOOL_PROMPT, "-m", "gemini-2.5-flash", "--approval-mode", "yolo"],
    env: { GEMINI_API_KEY: "dummy", GOOGLE_GEMINI_BASE_URL: gatewayUrl },
    homeFiles: { ".gemini/settings.json": JSON.stringify(settings) },
  };
}

const OPENCODE_OFFLINE = {
  OPENCODE_DISABLE_MODELS_FETCH: "1",
  OPENCODE_DISABLE_AUTOUPDATE: "1",
  OPENCODE_DISABLE_LSP_DOWNLOAD: "1",
  OPENCODE_DISABLE_DEFAULT_PLUGINS: "1",
  OPENCODE_DISABLE_SHARE: "1",
  OPENCODE_DISABLE_CLAUDE_CODE: "1",
};

function opencode(model: string, provider: Record<string, unknown>): ClientCommand {
  const config = {
    autoupdate: false,
    share: "disabled",
    model,
    small_model: model,
    provider,
  };
  return {
    client: "opencode",
    args: ["run", "--pure", TOOL_PROMPT],
    env: { OPENCODE_CONFIG_CONTENT: JSON.stringify(config), ...OPENCODE_OFFLINE },
  };
}

/** opencode through `@ai-sdk/openai-compatible`: the one CLI that speaks Chat Completions. */
export function opencodeChat(gatewayUrl: string): ClientCommand {
  return opencode("ferry/gpt-4o", {
    ferry: {
      npm: "@ai-sdk/openai-compatible",
      name: "ferry",
      options: { baseURL: `${gatewayUrl}/v1`, apiKey: "dummy" },
      models: { "gpt-4o": { name: "gpt-4o", tool_call: true } },
    },
  });
}

/** opencode's bundled `google` provider: Gemini `:streamGenerateContent?alt=sse`. */
export function opencodeGemini(gatewayUrl: string): ClientCommand {
  return opencode("google/gemini-2.5-flash", {
    google: { options: { baseURL: `${gatewayUrl}/v1beta`, apiKey: "dummy" } },
  });
}
