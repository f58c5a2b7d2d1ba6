/**
 * Gateway keys: `[auth] enabled` admits only callers presenting one of the keys listed
 * (comma-separated) in the `api_keys_env` variable. Keys are read once per config generation,
 * so a reload picks up a rotated list.
 *
 * Comparison is between SHA-256 digests with a constant-time loop over every configured key, so
 * neither the position of the first differing byte nor which key matched shows in the timing.
 * Only the first 12 hex digits of the digest are ever logged or used as a label.
 *
 * @module
 */
import type { LoadedConfig } from "../../config/load.ts";
import { adminEnabled } from "../../admin/admin_key.ts";
import { GatewayError, toGatewayError } from "../../ir/error.ts";
import { toHex } from "../../keys/key_digest.ts";
import { namedKeyLookup } from "../../keys/key_lookup.ts";
import { keyRefusal } from "../../keys/named_key.ts";
import type { OpsEventSink } from "../../observability/ops_event.ts";
import type { GatewayDeps } from "../deps.ts";
import { refuse } from "../error_response.ts";
import type { RouteMatch } from "../routes.ts";
import type { Middleware } from "./compose.ts";

export type EnvReader = (name: string) => string | undefined;

export function authMiddleware(
  deps: Pick<GatewayDeps, "runtime" | "log" | "store" | "now">,
  env: EnvReader,
  events: OpsEventSink,
): Middleware {
  // The digests of the current config generation; a reload builds them again.
  let cached: { loaded: LoadedConfig; keys: Promise<Uint8Array[]> } | undefined;
  const keysOf = (loaded: LoadedConfig) => {
    let keys = cached?.loaded === loaded ? cached.keys : undefined;
    if (!keys) {
      keys = digestKeys(env(loaded.config.auth.api_keys_env));
      cached = { loaded, keys };
      keys.then((list) => {
        const named = loaded.config.keys.length > 0 || adminEnabled(env);
        if (list.length === 0 && loaded.config.auth.enabled && !named) {
          deps.log.error("auth is enabled but no gateway keys are set: every request is refused", {
            env: loaded.config.auth.api_keys_env,
          });
        }
      });
    }
    return keys;
  };

  const lookup = namedKeyLookup(deps, env);
  /** A named key, or the 503 when the state store (admin keys) cannot answer. */
  const findNamed = (digest: Uint8Array) =>
    lookup(toHex(digest)).catch((error) => toGatewayError(error));

  return async (scope, next) => {
    const runtime = deps.runtime();
    const auth = runtime.config.auth;
    if (!auth.enabled || scope.route.open) return await next(scope);
    // The admin API checks its own key (FERRYLLM_ADMIN_KEY), never a gateway key.
    if (scope.url.pathname.startsWith("/admin/")) return await next(scope);
    if (scope.route.endpoint?.kind === "metrics" && !auth.protect_metrics) return await next(scope);
    const presented = presentedKey(scope.request, scope.route);
    if (presented !== undefined) {
      const digest = await sha256(presented);
      if (matchesAny(digest, await keysOf(runtime.loaded))) {
        scope.caller = { keyHash: shortHash(digest) };
        return await next(scope);
      }
      const named = await findNamed(digest);
      if (named instanceof GatewayError) return refuse(scope, named);
      if (named) {
        const refusal = keyRefusal(named, deps.now());
        if (!refusal) {
          scope.caller = { keyHash: shortHash(digest), named };
          return await next(scope);
        }
        events({ type: "auth_rejected" });
        return refuse(scope, refusal);
      }
    }
    events({ type: "auth_rejected" });
    return refuse(
      scope,
      new GatewayError({
        status: 401,
        kind: "authentication",
        message: presented === undefined
          ? "missing gateway API key: send Authorization: Bearer <key> or x-api-key"
          : "invalid gateway API key",
        local: true,
      }),
    );
  };
}

export function presentedKey(request: Request, route: RouteMatch): string | undefined {
  const authorization = request.headers.get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return bearer;
  const apiKey = request.headers.get("x-api-key")?.trim();
  if (apiKey) return apiKey;
  if (route.geminiKeys) {
    const goog = request.headers.get("x-goog-api-key")?.trim();
    if (goog) return goog;
    const query = new URL(request.url).searchParams.get("key")?.trim();
    if (query) return query;
  }
  return undefined;
}

async function digestKeys(list: string | undefined): Promise<Uint8Array[]> {
  const keys = (list ?? "").split(",").map((k) => k.trim()).filter((k) => k !== "");
  return await Promise.all(keys.map(sha256));
}

async function sha256(text: string): Promise<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

/** Checks every key to the end: the time taken does not depend on which (if any) matched. */
function matchesAny(digest: Uint8Array, keys: Uint8Array[]): boolean {
  let matched = 0;
  for (const key of keys) {
    let diff = 0;
    for (let i = 0; i < digest.length; i++) diff |= digest[i] ^ key[i];
    matched |= diff === 0 ? 1 : 0;
  }
  return matched === 1;
}

/** The first 12 hex digits of the key's SHA-256: enough to tell keys apart, useless to an attacker. */
export function shortHash(digest: Uint8Array): string {
  return Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The short hash of a key, for operators matching log lines to the keys they issued. */
export async function keyHashOf(key: string): Promise<string> {
  return shortHash(await sha256(key));
}
