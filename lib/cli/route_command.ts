/**
 * `ferryllm route --config F --body file.json`: the route tester from the command line, with no
 * server running. Prints the answer for people, or JSON with `--json`.
 *
 * @module
 */
import type { LoadedConfig } from "../config/load.ts";
import type { ProtocolId } from "../ir/content.ts";
import { explainRoute, type RouteAnswer } from "../router/route_tester.ts";
import { buildRuntime } from "../server/runtime.ts";

export interface RouteCommandOptions {
  bodyText: string;
  protocol?: string;
  model?: string;
  /** `name: value` pairs, as the client would send them. */
  headers?: string[];
  json?: boolean;
}

const PROTOCOLS = ["openai", "openai_responses", "anthropic", "gemini"];

/** Throws `Error` with a message for the user on bad input (exit 1). */
export function routeCommand(loaded: LoadedConfig, options: RouteCommandOptions): string {
  if (options.protocol !== undefined && !PROTOCOLS.includes(options.protocol)) {
    throw new Error(`unknown --protocol "${options.protocol}": use ${PROTOCOLS.join(", ")}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(options.bodyText);
  } catch (error) {
    throw new Error(
      `the body is not valid JSON: ${error instanceof Error ? error.message : error}`,
    );
  }
  const headers = new Headers();
  for (const line of options.headers ?? []) {
    const at = line.indexOf(":");
    if (at <= 0) throw new Error(`--header "${line}": expected "name: value"`);
    headers.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const answer = explainRoute(buildRuntime(loaded), {
    body,
    protocol: options.protocol as ProtocolId | undefined,
    model: options.model,
    headers,
  });
  return options.json ? JSON.stringify(answer, null, 2) : describeAnswer(answer);
}

export function describeAnswer(a: RouteAnswer): string {
  const lines = [
    `request: ${a.protocol}${
      a.protocol_guessed ? " (guessed from the body)" : ""
    }, model ${a.model}`,
    `  input tokens ≈ ${a.facts.input_tokens_estimate}, images: ${a.facts.has_images}, ` +
    `thinking: ${a.facts.thinking}, tools: ${a.facts.tools.join(", ") || "none"}`,
    `goes to: provider ${a.provider}, model ${a.upstream_model}`,
    `because: ${a.rule} ${a.match_type === "conditional" ? "matched, conditions hold" : "matched"}`,
  ];
  if (a.targets.length > 1) {
    lines.push(`pool (${a.strategy}):`);
    for (const t of a.targets) lines.push(`  ${t.provider} model ${t.model} weight ${t.weight}`);
  }
  for (const f of a.fallbacks) lines.push(`then fallback: ${f.provider} model ${f.model}`);
  for (const s of a.skipped) lines.push(`skipped: ${s}`);
  return lines.join("\n");
}
