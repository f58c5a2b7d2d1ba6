/**
 * The one route table: every path the gateway answers, which endpoint serves it, and the
 * protocol shape every answer on that path takes (also a 404 or a refusal from middleware, so a
 * client always gets an error it can parse). Middleware and the handler read the match; no other
 * file knows paths.
 *
 * @module
 */
import { type GatewayError, invalidRequest } from "../ir/error.ts";
import type { Entry } from "../protocols/entry.ts";
import { PROTOCOLS } from "../protocols/registry.ts";
import type { ProtocolId } from "../ir/content.ts";

/** Client protocol → entry, read from the protocol registry (lib/protocols/registry.ts). */
export const ENTRIES = Object.fromEntries(
  Object.entries(PROTOCOLS).map(([id, sides]) => [id, sides.client]),
) as Record<ProtocolId, Entry>;

const {
  openai: openaiEntry,
  openai_responses: responsesEntry,
  anthropic: anthropicEntry,
  gemini: geminiEntry,
} = ENTRIES;

/** The token-count endpoints besides Anthropic's `count_tokens`. */
export interface TokenCountRoute {
  protocol: "gemini" | "openai_responses";
  /** Gemini: the model named in the path. */
  model?: string;
}

export type Endpoint =
  /** The four model endpoints (generate), the ones limits apply to. */
  | { kind: "model"; entry: Entry; params: Record<string, string> }
  /** Anthropic `POST /v1/messages/count_tokens`. */
  | { kind: "count_tokens" }
  | { kind: "token_count"; target: TokenCountRoute }
  | { kind: "liveness" }
  | { kind: "readiness" }
  /** `gemini`: the Gemini list shape; otherwise OpenAI's, or Anthropic's by header. */
  | { kind: "models"; gemini: boolean }
  | { kind: "about" }
  | { kind: "metrics" }
  /** `GET /v1/models/{id}`, `/v1beta/models/{name}`: one routable model, or a 404. */
  | { kind: "model_info"; id: string; gemini: boolean }
  /** `POST /admin/route`: the route tester; answers to the admin key, not gateway keys. */
  | { kind: "admin_route" };

export interface RouteMatch {
  /** What serves the request; undefined: no endpoint (a 404). */
  endpoint?: Endpoint;
  /** The protocol every answer on this path takes, errors included. */
  shape: Entry;
  /** The path names an endpoint but cannot be read (bad percent-encoding): answer this error. */
  invalid?: GatewayError;
  /** Auth never asks these paths for a key (probers, load balancers). */
  open: boolean;
  /** Gemini clients put their key in `x-goog-api-key` or `?key=` on these paths. */
  geminiKeys: boolean;
}

/** `POST` paths → entry. The `/v1`-less forms are what some SDKs use with a bare base URL. */
const MODEL_PATHS: Record<string, Entry> = {
  "/v1/chat/completions": openaiEntry,
  "/chat/completions": openaiEntry,
  "/v1/messages": anthropicEntry,
  "/messages": anthropicEntry,
  "/v1/responses": responsesEntry,
  "/responses": responsesEntry,
};

const COUNT_TOKENS_PATHS = new Set(["/v1/messages/count_tokens", "/messages/count_tokens"]);
const INPUT_TOKENS_PATHS = new Set(["/v1/responses/input_tokens", "/responses/input_tokens"]);

// `@google/genai` 3.x calls /v1/models/…, Gemini CLI /v1beta/models/…; model names may hold `/`.
const GEMINI_PATH = /^\/(v1beta|v1|v1alpha)\/models\/(.+):(generateContent|streamGenerateContent)$/;
const GEMINI_COUNT = /^\/(v1beta|v1|v1alpha)\/models\/(.+):countTokens$/;

const GET_PATHS: Record<string, Endpoint> = {
  "/health": { kind: "liveness" },
  "/healthz": { kind: "liveness" },
  "/readyz": { kind: "readiness" },
  "/v1/models": { kind: "models", gemini: false },
  "/models": { kind: "models", gemini: false },
  "/v1beta/models": { kind: "models", gemini: true },
  "/": { kind: "about" },
  "/metrics": { kind: "metrics" },
};

/** Gateway keys are not asked for here: probers, and the admin API (its own key). */
const OPEN_PATHS = new Set(["/", "/health", "/healthz", "/readyz", "/admin/route"]);

const ADMIN_ROUTE_PATH = "/admin/route";
const ONE_MODEL = /^\/(v1|v1beta)\/models\/([^:]+)$/;

export function matchRoute(method: string, pathname: string): RouteMatch {
  const shape = shapeForPath(pathname);
  const base = {
    shape,
    open: OPEN_PATHS.has(pathname),
    geminiKeys: shape === geminiEntry,
  };
  if (method === "POST") {
    const posted = matchPost(pathname);
    if (posted) return { ...base, ...posted };
  }
  if (pathname === ADMIN_ROUTE_PATH) return { ...base, endpoint: { kind: "admin_route" } };
  if (method === "GET" || method === "HEAD") {
    const endpoint = GET_PATHS[pathname];
    if (endpoint) return { ...base, endpoint };
    const one = ONE_MODEL.exec(pathname);
    const id = one ? decodeSegment(one[2]) : undefined;
    if (one && id !== undefined) {
      return { ...base, endpoint: { kind: "model_info", id, gemini: one[1] === "v1beta" } };
    }
  }
  return base;
}

function matchPost(pathname: string): Pick<RouteMatch, "endpoint" | "invalid"> | undefined {
  const fixed = MODEL_PATHS[pathname];
  if (fixed) return { endpoint: { kind: "model", entry: fixed, params: {} } };
  if (COUNT_TOKENS_PATHS.has(pathname)) return { endpoint: { kind: "count_tokens" } };
  if (INPUT_TOKENS_PATHS.has(pathname)) {
    return { endpoint: { kind: "token_count", target: { protocol: "openai_responses" } } };
  }
  const gemini = GEMINI_PATH.exec(pathname);
  if (gemini) {
    const model = decodeSegment(gemini[2]);
    if (model === undefined) {
      return {
        endpoint: { kind: "model", entry: geminiEntry, params: {} },
        invalid: badModelSegment(),
      };
    }
    return {
      endpoint: { kind: "model", entry: geminiEntry, params: { model, action: gemini[3] } },
    };
  }
  const counting = GEMINI_COUNT.exec(pathname);
  if (counting) {
    const model = decodeSegment(counting[2]);
    const endpoint: Endpoint = { kind: "token_count", target: { protocol: "gemini", model } };
    return model === undefined ? { endpoint, invalid: badModelSegment() } : { endpoint };
  }
  return undefined;
}

/**
 * The protocol a path belongs to, also for paths no endpoint answers (a 404, a refused request):
 * every response from every path is in the caller's protocol shape.
 */
function shapeForPath(pathname: string): Entry {
  const model = MODEL_PATHS[pathname];
  if (model) return model;
  if (GEMINI_PATH.test(pathname)) return geminiEntry;
  if (/^(\/v1)?\/messages(\/|$)/.test(pathname)) return anthropicEntry;
  if (/^\/(v1beta|v1alpha)(\/|$)/.test(pathname) || /^\/v1\/models\/[^/]+:/.test(pathname)) {
    return geminiEntry;
  }
  if (/^(\/v1)?\/responses(\/|$)/.test(pathname)) return responsesEntry;
  return openaiEntry;
}

/** True for the endpoints whose body the body-arrival middleware reads before the limits. */
export function readsBodyEarly(route: RouteMatch): boolean {
  const kind = route.endpoint?.kind;
  return kind === "model" || kind === "count_tokens";
}

/** True for the four model endpoints, the ones limits apply to. */
export function isModelRoute(route: RouteMatch): boolean {
  return route.endpoint?.kind === "model";
}

function badModelSegment(): GatewayError {
  return invalidRequest(
    "the model in the request path is not valid percent-encoded UTF-8",
    "model",
  );
}

function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined; // URIError: malformed escapes or bytes that are not UTF-8
  }
}
