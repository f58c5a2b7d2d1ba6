/**
 * `ferryllm init` scenarios: which client talks to which provider with which model, turned into
 * a config (built as data, written with smol-toml) whose every model name goes to that model.
 *
 * @module
 */
import { stringify } from "smol-toml";
import { isLoopback } from "../startup_summary.ts";

export const CLIENTS = ["claude-code", "codex", "gemini-cli", "opencode"] as const;
export const PROVIDERS = ["openai", "anthropic", "gemini", "openai-compatible"] as const;

export type ClientId = typeof CLIENTS[number];
export type ProviderChoice = typeof PROVIDERS[number];

export interface Scenario {
  client: ClientId;
  provider: ProviderChoice;
  model: string;
  /** Required for `openai-compatible`; overrides the vendor URL otherwise. */
  baseUrl?: string;
  /** The variable holding the provider key. */
  keyEnv: string;
  listen: string;
}

interface ProviderPreset {
  type: "openai" | "openai_responses" | "anthropic" | "gemini";
  baseUrl?: string;
  keyEnv: string;
  defaultModel?: string;
}

/** What each provider choice becomes; Codex reaches OpenAI through Responses, its own protocol. */
export function providerPreset(provider: ProviderChoice, client: ClientId): ProviderPreset {
  switch (provider) {
    case "openai":
      return {
        type: client === "codex" ? "openai_responses" : "openai",
        baseUrl: "https://api.openai.com",
        keyEnv: "OPENAI_API_KEY",
        defaultModel: "gpt-5.5",
      };
    case "anthropic":
      return {
        type: "anthropic",
        baseUrl: "https://api.anthropic.com",
        keyEnv: "ANTHROPIC_API_KEY",
        defaultModel: "claude-sonnet-4-6",
      };
    case "gemini":
      return {
        type: "gemini",
        baseUrl: "https://generativelanguage.googleapis.com",
        keyEnv: "GEMINI_API_KEY",
        defaultModel: "gemini-2.5-pro",
      };
    case "openai-compatible":
      return { type: "openai", keyEnv: "UPSTREAM_API_KEY" };
  }
}

export const CLIENT_NAMES: Record<ClientId, string> = {
  "claude-code": "Claude Code",
  codex: "Codex",
  "gemini-cli": "Gemini CLI",
  opencode: "opencode",
};

/** The provider's name in the config: the choice, or `upstream` for a compatible server. */
function providerName(provider: ProviderChoice): string {
  return provider === "openai-compatible" ? "upstream" : provider;
}

/** The config file text: a comment saying what it is for, then the TOML. */
export function scenarioToml(scenario: Scenario): string {
  const client = scenario.client;
  const preset = providerPreset(scenario.provider, client);
  const name = providerName(scenario.provider);
  const config = {
    server: { listen: scenario.listen },
    // Reachable beyond this machine: callers must present a gateway key.
    ...(listensBeyondLoopback(scenario.listen)
      ? { auth: { enabled: true, api_keys_env: "FERRYLLM_API_KEYS" } }
      : {}),
    providers: [{
      name,
      type: preset.type,
      base_url: scenario.baseUrl ?? preset.baseUrl,
      api_key_env: scenario.keyEnv,
      // Listed by GET /v1/models, so clients that discover models find the one they will get.
      models: [scenario.model],
    }],
    // The catch-all: every model name the client sends (main, background, title calls) goes
    // to the chosen model.
    routes: [{ match: "*", provider: name, rewrite_model: scenario.model }],
  };
  const header = [
    `# ferryllm.toml: ${CLIENT_NAMES[client]} → ${scenario.provider} (${scenario.model}),`,
    "# written by `ferryllm init`. Every key is in docs/configuration.md;",
    "# `ferryllm check-config --config <this file>` validates it.",
    "",
    "",
  ];
  return header.join("\n") + stringify(config) + "\n";
}

/** True when `HOST:PORT` binds an address other machines can reach. */
export function listensBeyondLoopback(listen: string): boolean {
  return !isLoopback(listen.slice(0, listen.lastIndexOf(":")));
}
