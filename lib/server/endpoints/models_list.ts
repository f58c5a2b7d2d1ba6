/**
 * `GET /v1/models`: the model names a client may ask for, in the client's protocol.
 *
 * Exact routes list their own name; prefix routes and the catch-all list the provider's
 * configured `models` that they would match. Nothing is fetched from upstreams: the list is
 * what this gateway routes, not what providers happen to offer today.
 *
 * @module
 */
import { encodeGeminiModelList } from "../../protocols/gemini/client/mod.ts";
import type { Runtime } from "../runtime.ts";

export function routableModels(runtime: Runtime): string[] {
  const names = new Set<string>();
  for (const route of runtime.config.routes) {
    if (route.match_type === "exact" && route.match !== "*") {
      names.add(route.match);
      continue;
    }
    const models = runtime.providers.get(route.provider)?.models ?? [];
    for (const model of models) {
      if (route.match === "*" || model.startsWith(route.match)) {
        // Only list names that really route here (a more specific route may claim them).
        if (runtime.router(model)?.provider === route.provider) names.add(model);
      }
    }
  }
  return [...names].sort();
}

/** `gemini` (from the route table): the path is Gemini's `/v1beta/models`. */
export function modelsResponse(
  request: Request,
  url: URL,
  gemini: boolean,
  runtime: Runtime,
  createdAt: number,
): Response {
  let models = routableModels(runtime);
  const limit = Number(url.searchParams.get("limit"));
  if (Number.isInteger(limit) && limit > 0) models = models.slice(0, limit);

  if (gemini) return Response.json(encodeGeminiModelList(models));
  const created = Math.floor(createdAt / 1000);
  if (request.headers.has("anthropic-version")) {
    const data = models.map((id) => ({
      type: "model",
      id,
      display_name: id,
      created_at: new Date(createdAt).toISOString(),
    }));
    return Response.json({
      data,
      has_more: false,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
    });
  }
  return Response.json({
    object: "list",
    data: models.map((id) => ({ id, object: "model", created, owned_by: "ferryllm" })),
  });
}
