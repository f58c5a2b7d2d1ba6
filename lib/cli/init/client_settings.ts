/**
 * What to do after `ferryllm init`: start the gateway, then the exact settings each client needs
 * to use it (environment lines, and for Claude Code the `~/.claude/settings.json` block that makes
 * them permanent). Snippets in JSON or TOML are built as data, never by string templates.
 *
 * @module
 */
import { stringify } from "smol-toml";
import { type ClientId, listensBeyondLoopback, type Scenario } from "./scenario.ts";

/** The base URL a local client uses: a wildcard listen address is reached on loopback. */
export function gatewayUrl(listen: string): string {
  const at = listen.lastIndexOf(":");
  let host = listen.slice(0, at);
  if (host === "0.0.0.0") host = "127.0.0.1";
  if (host === "[::]") host = "[::1]";
  return `http://${host}:${listen.slice(at + 1)}`;
}

/** The whole "next steps" text printed after the file is written. */
export function nextSteps(scenario: Scenario, configPath: string): string {
  const url = gatewayUrl(scenario.listen);
  const lines = [
    "Next:",
    "",
    `1. Start the gateway (with your provider key in ${scenario.keyEnv}):`,
    "",
    `   export ${scenario.keyEnv}=…`,
    ...(listensBeyondLoopback(scenario.listen)
      ? ["   export FERRYLLM_API_KEYS=…   # gateway keys, comma-separated: auth is on"]
      : []),
    `   ferryllm serve --config ${configPath}`,
    "",
    `2. ${clientSteps(scenario.client, scenario.model, url)}`,
  ];
  return lines.join("\n");
}

function indent(text: string): string {
  return text.trimEnd().split("\n").map((line) => (line ? `   ${line}` : "")).join("\n");
}

function clientSteps(client: ClientId, model: string, url: string): string {
  switch (client) {
    case "claude-code": {
      const env = { ANTHROPIC_BASE_URL: url, ANTHROPIC_AUTH_TOKEN: "unused" };
      return [
        "Point Claude Code at it, for one shell:",
        "",
        indent(Object.entries(env).map(([k, v]) => `export ${k}=${v}`).join("\n")),
        "   claude",
        "",
        "   or for good, in ~/.claude/settings.json (merge into an existing file):",
        "",
        indent(JSON.stringify({ env }, null, 2)),
        "",
        "   With [auth] on, put a gateway key in ANTHROPIC_AUTH_TOKEN instead of `unused`.",
      ].join("\n");
    }
    case "codex": {
      const config = {
        model,
        model_provider: "ferryllm",
        model_providers: {
          ferryllm: {
            name: "ferryllm",
            base_url: `${url}/v1`,
            env_key: "FERRYLLM_API_KEY",
            wire_api: "responses",
          },
        },
      };
      return [
        "Point Codex at it, in ~/.codex/config.toml:",
        "",
        indent(stringify(config)),
        "",
        "   then:",
        "",
        "   export FERRYLLM_API_KEY=unused   # a gateway key when [auth] is on",
        "   codex",
      ].join("\n");
    }
    case "gemini-cli":
      return [
        "Point Gemini CLI at it:",
        "",
        `   export GOOGLE_GEMINI_BASE_URL=${url}`,
        "   export GEMINI_API_KEY=unused   # a gateway key when [auth] is on",
        "   gemini",
      ].join("\n");
    case "opencode": {
      const config = {
        $schema: "https://opencode.ai/config.json",
        model: `ferryllm/${model}`,
        provider: {
          ferryllm: {
            npm: "@ai-sdk/openai-compatible",
            name: "ferryllm",
            options: { baseURL: `${url}/v1`, apiKey: "unused" },
            models: { [model]: {} },
          },
        },
      };
      return [
        "Point opencode at it, in opencode.json (project) or ~/.config/opencode/opencode.json:",
        "",
        indent(JSON.stringify(config, null, 2)),
        "",
        "   then run `opencode` (with [auth] on, apiKey is a gateway key).",
      ].join("\n");
    }
  }
}
