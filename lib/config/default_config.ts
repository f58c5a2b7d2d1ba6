/**
 * The zero-config default: what `ferryllm serve` runs with no config file.
 *
 * Providers come from the well-known key variables and are routed by model family; with no key
 * set, everything goes to the built-in `echo` provider so a first curl gets an answer offline.
 *
 * @module
 */
import type { Config } from "./schema.ts";
import { validateConfig } from "./load.ts";

export const DEFAULT_CONFIG_SOURCE = "(built-in default)";

export function defaultConfig(env: (name: string) => string | undefined): Config {
  // Each provider declares the models it serves, so `GET /v1/models` lists them for clients
  // that discover models (the catch-all echo answers any name; it lists its own).
  const providers: Record<string, unknown>[] = [{ name: "echo", type: "echo", models: ["echo"] }];
  const routes: Record<string, unknown>[] = [];
  const family = (
    name: string,
    type: string,
    baseUrl: string,
    keyEnv: string,
    prefixes: string[],
    models: string[],
  ) => {
    if (!env(keyEnv)) return;
    providers.push({ name, type, base_url: baseUrl, api_key_env: keyEnv, models });
    for (const match of prefixes) routes.push({ match, provider: name });
  };
  family("openai", "openai", "https://api.openai.com", "OPENAI_API_KEY", [
    "gpt-",
    "o1",
    "o3",
    "o4",
    "chatgpt-",
  ], ["gpt-5.5", "gpt-5.5-mini"]);
  family("anthropic", "anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY", ["claude-"], [
    "claude-opus-4-6",
    "claude-sonnet-4-6",
    "claude-haiku-4-5",
  ]);
  family(
    "gemini",
    "gemini",
    "https://generativelanguage.googleapis.com",
    "GEMINI_API_KEY",
    ["gemini-"],
    ["gemini-2.5-pro", "gemini-2.5-flash"],
  );
  routes.push({ match: "*", provider: "echo" });
  return validateConfig({ providers, routes }, DEFAULT_CONFIG_SOURCE);
}
