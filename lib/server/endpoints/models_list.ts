/**
 * `GET /v1/models` (and `/v1beta/models`, and one model by id): the routable model names in
 * the client's protocol. Which names: `lib/router/model_discovery.ts`. Shapes: OpenAI's list,
 * Anthropic's (chosen by the `anthropic-version` header, paged with `limit`, `after_id`,
 * `before_id`), Gemini's (`/v1beta/`, paged with `pageSize` and `pageToken`).
 *
 * @module
 */
import { encodeGeminiModelList } from "../../protocols/gemini/client/mod.ts";
import { routableModels as discover } from "../../router/model_discovery.ts";
import { modelRefusal } from "../../keys/named_key.ts";
import type { CallerInfo } from "../scope.ts";
import type { Runtime } from "../runtime.ts";

/**
 * Discovery is a few set operations over the config: cheap enough per listing call. A named key
 * with a `models` allow-list sees only the names it may use: listing the others would invite
 * requests that end in 403, and tell a restricted key which providers the team has.
 */
export function routableModels(runtime: Runtime, caller?: CallerInfo): string[] {
  const all = discover(runtime.config, runtime.router);
  const named = caller?.named;
  if (!named?.rules.models) return all;
  return all.filter((model) => modelRefusal(named, model) === undefined);
}

/** `gemini` (from the route table): the path is Gemini's `/v1beta/models`. */
export function modelsResponse(
  request: Request,
  url: URL,
  gemini: boolean,
  runtime: Runtime,
  createdAt: number,
  caller?: CallerInfo,
): Response {
  const all = routableModels(runtime, caller);
  if (gemini) return geminiList(url, all);
  if (request.headers.has("anthropic-version")) return anthropicList(url, all, createdAt);
  let models = all;
  const limit = Number(url.searchParams.get("limit"));
  if (Number.isInteger(limit) && limit > 0) models = models.slice(0, limit);
  const created = Math.floor(createdAt / 1000);
  return Response.json({ object: "list", data: models.map((id) => openaiModel(id, created)) });
}

/** One model: 404 in the client's shape when the name is not routable. */
export function modelResponse(
  request: Request,
  { id, gemini }: { id: string; gemini: boolean },
  runtime: Runtime,
  createdAt: number,
  caller?: CallerInfo,
): Response {
  const name = id.replace(/^models\//, "");
  if (!routableModels(runtime, caller).includes(name)) {
    const message = `model "${name}" is not served here`;
    if (gemini) {
      return Response.json({ error: { code: 404, message, status: "NOT_FOUND" } }, {
        status: 404,
      });
    }
    if (request.headers.has("anthropic-version")) {
      return Response.json({ type: "error", error: { type: "not_found_error", message } }, {
        status: 404,
      });
    }
    return Response.json(
      { error: { message, type: "invalid_request_error", code: "model_not_found" } },
      { status: 404 },
    );
  }
  if (gemini) return Response.json(encodeGeminiModelList([name]).models[0]);
  if (request.headers.has("anthropic-version")) {
    return Response.json(anthropicModel(name, createdAt));
  }
  return Response.json(openaiModel(name, Math.floor(createdAt / 1000)));
}

function openaiModel(id: string, created: number) {
  return { id, object: "model", created, owned_by: "ferryllm" };
}

function anthropicModel(id: string, createdAt: number) {
  return { type: "model", id, display_name: id, created_at: new Date(createdAt).toISOString() };
}

function anthropicList(url: URL, all: string[], createdAt: number): Response {
  const limit = clampLimit(url.searchParams.get("limit"), 20, 1000);
  const after = url.searchParams.get("after_id");
  const before = url.searchParams.get("before_id");
  let start = 0;
  let end = all.length;
  if (after !== null) start = all.indexOf(after) + 1;
  if (before !== null) end = Math.max(0, all.indexOf(before));
  const page = before !== null && after === null
    ? all.slice(Math.max(start, end - limit), end)
    : all.slice(start, Math.min(end, start + limit));
  const hasMore = before !== null && after === null
    ? end - page.length > start
    : start + page.length < end;
  const data = page.map((id) => anthropicModel(id, createdAt));
  return Response.json({
    data,
    has_more: hasMore,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  });
}

function geminiList(url: URL, all: string[]): Response {
  const size = clampLimit(url.searchParams.get("pageSize"), 50, 1000);
  const start = Math.max(0, Number(url.searchParams.get("pageToken") ?? 0) || 0);
  const page = all.slice(start, start + size);
  const body: Record<string, unknown> = { ...encodeGeminiModelList(page) };
  if (start + size < all.length) body.nextPageToken = String(start + size);
  return Response.json(body);
}

function clampLimit(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) return fallback;
  return Math.min(n, max);
}
