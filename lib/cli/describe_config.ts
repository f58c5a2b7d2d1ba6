/**
 * `check-config` output: the resolved route table and what each provider will receive.
 * Keys are never printed, only where they come from and whether they were found.
 *
 * @module
 */
import { endpointUrl } from "../protocols/endpoint_url.ts";
import type { LoadedConfig } from "../config/load.ts";
import { decisionTable } from "../router/decision_table.ts";

export function describeConfig(loaded: LoadedConfig): string {
  const { config, providers } = loaded;
  const lines: string[] = [
    `config: ${loaded.source}`,
    `listen: ${config.server.listen}`,
    "",
  ];
  lines.push(...decisionTable(config));
  lines.push("", "providers:");
  for (const p of providers.values()) {
    if (p.type === "echo") {
      lines.push(`  ${p.name}: built-in echo (answers locally, no network)`);
      continue;
    }
    const source = Array.isArray(p.api_key_env)
      ? `env ${p.api_key_env.join(", ")}: ${p.apiKeys?.length ?? 0} keys rotating`
      : p.api_key_env
      ? `env ${p.api_key_env}`
      : p.api_key_file
      ? `file ${p.api_key_file}`
      : p.api_key
      ? "inline api_key"
      : "none";
    const status = p.apiKey ? "found" : source === "none" ? "not sent" : "MISSING";
    lines.push(
      `  ${p.name}: ${p.type} → ${
        upstreamEndpoint(p.type, p.base_url!)
      } (key: ${source}, ${status})`,
    );
  }
  return lines.join("\n");
}

function upstreamEndpoint(type: string, baseUrl: string): string {
  switch (type) {
    case "openai":
      return `POST ${endpointUrl(baseUrl, "v1", "chat/completions")}`;
    case "openai_responses":
      return `POST ${endpointUrl(baseUrl, "v1", "responses")}`;
    case "anthropic":
      return `POST ${endpointUrl(baseUrl, "v1", "messages")}`;
    case "gemini":
      return `POST ${
        endpointUrl(baseUrl, "v1beta", "models/{model}:streamGenerateContent?alt=sse")
      }`;
    default:
      return baseUrl;
  }
}
