/**
 * The route tester's question, "where would this request go?", answered without sending it.
 * `routerExplainer` answers from the current router (model name only); a richer router can plug
 * in its own explainer that also weighs the request's features.
 *
 * @module
 */
import type { ProtocolId } from "../ir/content.ts";
import type { Runtime } from "../server/runtime.ts";
import type { RouteAnswer } from "./web/types.ts";

export interface RouteQuestion {
  model: string;
  /** The client protocol the sample request is written in. */
  protocol: ProtocolId;
  /** Roughly how many prompt tokens the sample carries. */
  inputTokens?: number;
  stream?: boolean;
  tools?: boolean;
  images?: boolean;
  thinking?: boolean;
}

export type { RouteAnswer };

export type RouteExplainer = (question: RouteQuestion, runtime: Runtime) => RouteAnswer;

export const routerExplainer: RouteExplainer = (question, runtime) => {
  const route = runtime.router(question.model);
  if (!route) {
    return {
      matched: false,
      fallbacks: [],
      notes: [`no route matches "${question.model}": the gateway answers 404`],
    };
  }
  const notes = [
    route.matchType === "catch_all"
      ? "matched the catch-all route `*`"
      : `matched ${route.matchType} route "${route.matched}"`,
  ];
  const features: string[] = (["stream", "tools", "images", "thinking"] as const).filter((f) =>
    question[f]
  );
  if (question.inputTokens) features.push(`${question.inputTokens} prompt tokens`);
  features.push(`the ${question.protocol} protocol`);
  notes.push(`routing is by model name: ${features.join(", ")} do not change the choice`);
  return {
    matched: true,
    route: route.matched,
    matchType: route.matchType,
    provider: route.provider,
    providerType: runtime.providers.get(route.provider)?.type,
    upstreamModel: route.upstreamModel,
    fallbacks: route.fallbackProviders,
    notes,
  };
};
