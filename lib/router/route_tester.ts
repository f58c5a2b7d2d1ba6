/**
 * The route tester: "this request goes to provider X, model Y, because rule Z". Takes a request
 * body in any of the four protocols, decodes it with that protocol's entry exactly as a real
 * request would be, and asks the same router. Pure (no network, no clock), so the admin
 * endpoint, the `ferryllm route` command and the dashboard all call this one function.
 *
 * @module
 */
import type { ProtocolId } from "../ir/content.ts";
import { invalidRequest } from "../ir/error.ts";
import { PROTOCOLS } from "../protocols/registry.ts";
import type { Config } from "../config/schema.ts";
import { routeMatches } from "../config/load.ts";
import { compileWhen, describeWhen } from "./conditions.ts";
import { describeTargets } from "./decision_table.ts";
import { viewFacts } from "./request_facts.ts";
import { noRouteFor, type Router } from "./router.ts";
import { routeTargets, targetModel } from "./route_targets.ts";
import type { TargetStats } from "./target_stats.ts";

export interface RouteQuestion {
  body: unknown;
  /** The client protocol; guessed from the body's shape when absent. */
  protocol?: ProtocolId;
  /** Gemini carries the model in the path: give it here (or as `model` in the body). */
  model?: string;
  /** The client's headers, for `header` and `anthropic-version` checks. */
  headers?: Headers;
}

export interface TargetReport {
  provider: string;
  model: string;
  weight: number;
  /** Live state when the gateway's stats are at hand (admin endpoint). */
  state?: "available" | "ejected";
  latency_ms?: number;
  in_flight?: number;
}

export interface RouteAnswer {
  protocol: ProtocolId;
  protocol_guessed: boolean;
  model: string;
  provider: string;
  upstream_model: string;
  rule: string;
  match_type: string;
  strategy: string;
  targets: TargetReport[];
  fallbacks: { provider: string; model: string }[];
  /** Conditional routes whose match took the model but whose conditions did not all hold. */
  skipped: string[];
  facts: {
    input_tokens_estimate: number;
    has_images: boolean;
    thinking: boolean;
    tools: string[];
  };
  /** One line for people. */
  because: string;
}

export interface RouterView {
  config: Config;
  router: Router;
}

/**
 * Where a request would go and why. Throws `GatewayError` (400 bad body, 404 no route) as the
 * real request would fail. Pass the gateway's `stats` to see each target's live state.
 *
 * @example
 * ```ts
 * import { createRouter, explainRoute, loadConfig } from "@ferryllm/ferryllm";
 *
 * const { config } = loadConfig(tomlText, "ferryllm.toml", io);
 * const answer = explainRoute({ config, router: createRouter(config.routes) }, {
 *   body: { model: "claude-sonnet-4-6", max_tokens: 100, messages: [{ role: "user", content: "hi" }] },
 *   protocol: "anthropic",
 * });
 * console.log(answer.because); // claude-sonnet-4-6 → gemini (model → gemini-3-pro), because …
 * ```
 */
export function explainRoute(
  view: RouterView,
  question: RouteQuestion,
  stats?: TargetStats,
): RouteAnswer {
  const protocol = question.protocol ?? guessProtocol(question.body, question.headers);
  const headers = question.headers ?? new Headers();
  const body = question.body as Record<string, unknown>;
  const model = question.model ?? (typeof body?.model === "string" ? body.model : undefined);
  const decoded = PROTOCOLS[protocol].client.decodeRequest(question.body, {
    url: new URL("http://route-tester/"),
    headers,
    params: protocol === "gemini" ? { model: model ?? "", action: "generateContent" } : {},
  });
  const ir = decoded.ir;
  const request = { ir, clientProtocol: protocol, headers };
  const resolved = view.router(ir.model, request);
  if (!resolved) {
    throw noRouteFor(ir.model);
  }
  const facts = viewFacts(request);
  const skipped = view.config.routes.flatMap((route, index) =>
    route.when && index !== resolved.index && index < resolvedRank(resolved) &&
      routeMatches(route, ir.model) && !compileWhen(route.when)(facts)
      ? [`routes[${index}] (when ${describeWhen(route.when).join(" and ")}): not met`]
      : []
  );
  const route = resolved.route;
  const targets = routeTargets(route).map((t): TargetReport => {
    const model = targetModel(t, route, ir.model);
    const report: TargetReport = { provider: t.provider, model, weight: t.weight };
    if (stats) {
      const state = stats.get(`${t.provider}/${model}`);
      // Ejected until a probe succeeds, even once the cooldown is over.
      report.state = state.ejectedUntil === undefined ? "available" : "ejected";
      report.in_flight = state.inFlight;
      if (state.latencyMs !== undefined) report.latency_ms = Math.round(state.latencyMs);
    }
    return report;
  });
  return {
    protocol,
    protocol_guessed: question.protocol === undefined,
    model: ir.model,
    provider: resolved.provider,
    upstream_model: resolved.upstreamModel,
    rule: resolved.rule,
    match_type: resolved.matchType,
    strategy: route.strategy,
    targets,
    fallbacks: route.fallback_providers.map((provider) => ({
      provider,
      model: route.rewrite_model ?? ir.model,
    })),
    skipped,
    facts: {
      input_tokens_estimate: facts.inputTokens(),
      has_images: facts.hasImages(),
      thinking: facts.thinking(),
      tools: [...facts.toolNames()],
    },
    because: `${ir.model} → ${describeTargets(route)}, because ${resolved.rule} ${
      resolved.matchType === "conditional" ? "matched and its conditions hold" : "matched"
    }`,
  };
}

/** Conditional routes before the winner in file order were tried; after a plain winner, all. */
function resolvedRank(resolved: { matchType: string; index: number }): number {
  return resolved.matchType === "conditional" ? resolved.index : Number.POSITIVE_INFINITY;
}

/**
 * The protocol a body is written in: Gemini has `contents`, Responses `input`; Chat Completions
 * and Messages both have `messages`, told apart by what only one of them has.
 */
export function guessProtocol(body: unknown, headers?: Headers): ProtocolId {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidRequest("the request body must be a JSON object");
  }
  const b = body as Record<string, unknown>;
  if (Array.isArray(b.contents)) return "gemini";
  if (b.input !== undefined && b.messages === undefined) return "openai_responses";
  if (headers?.has("anthropic-version")) return "anthropic";
  if (b.system !== undefined || b.thinking !== undefined || b.stop_sequences !== undefined) {
    return "anthropic";
  }
  const messages = Array.isArray(b.messages) ? b.messages : [];
  for (const message of messages) {
    const m = message as { role?: unknown; content?: unknown; tool_calls?: unknown };
    if (m.role === "system" || m.role === "developer" || m.role === "tool" || m.tool_calls) {
      return "openai";
    }
    for (const part of Array.isArray(m.content) ? m.content : []) {
      const type = (part as { type?: unknown })?.type;
      if (type === "image_url" || type === "input_audio") return "openai";
      if (type === "image" || type === "tool_use" || type === "tool_result") return "anthropic";
    }
  }
  return "openai";
}
