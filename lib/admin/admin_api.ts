/**
 * The admin API, off unless `FERRYLLM_ADMIN_KEY` is set (then `/admin/*` answers 404 like any
 * unknown path): named keys and usage. JSON in and out, errors in OpenAI's error shape.
 *
 * - `POST /admin/keys` → 201 `{name, key, ...}`: the key is shown once; only its SHA-256 is
 *   stored, in the state store, so every replica knows it at once.
 * - `GET /admin/keys` → every named key without secrets (config `[[keys]]` included, marked
 *   `source: "config"`).
 * - `DELETE /admin/keys/{name}` → 204; refused on every replica from its next request on.
 * - `GET /admin/usage?key=&from=&to=&group_by=model|day|key` → totals per group.
 *
 * @module
 */
import { GatewayError, toGatewayError } from "../ir/error.ts";
import { AdminKeys } from "../keys/admin_keys.ts";
import { rulesOf } from "../keys/config_keys.ts";
import { PROTOCOLS } from "../protocols/registry.ts";
import type { GatewayDeps } from "../server/deps.ts";
import { errorResponse } from "../server/error_response.ts";
import { readJsonBody } from "../server/middleware/body_arrival.ts";
import type { RequestScope } from "../server/scope.ts";
import { UsageStore } from "../usage/usage_store.ts";
import { checkAdminKey } from "./admin_key.ts";
import { parseNewKey, parseUsageQuery } from "./admin_input.ts";

/** Admin bodies are a few hundred bytes. */
const BODY_LIMIT_BYTES = 64 * 1024;

type AdminDeps = Pick<GatewayDeps, "runtime" | "store" | "now" | "log">;

/** Answers `/admin/*`; undefined for any other path. */
export async function handleAdmin(
  scope: RequestScope,
  deps: AdminDeps,
  env: (name: string) => string | undefined,
): Promise<Response | undefined> {
  const { pathname } = scope.url;
  if (!pathname.startsWith("/admin/")) return undefined;
  const verdict = await checkAdminKey(scope.request, env);
  if (verdict === "disabled") return undefined;
  try {
    if (verdict !== "ok") {
      throw new GatewayError({
        status: 401,
        kind: "authentication",
        message: verdict === "missing"
          ? "the admin API needs Authorization: Bearer <FERRYLLM_ADMIN_KEY>"
          : "invalid admin key",
        local: true,
      });
    }
    return await dispatch(scope, pathname, deps);
  } catch (error) {
    return errorResponse(PROTOCOLS.openai.client, toGatewayError(error));
  }
}

async function dispatch(scope: RequestScope, pathname: string, deps: AdminDeps): Promise<Response> {
  const method = scope.request.method;
  if (pathname === "/admin/keys" && method === "POST") return await createKey(scope, deps);
  if (pathname === "/admin/keys" && method === "GET") return await listKeys(deps);
  const named = /^\/admin\/keys\/([^/]+)$/.exec(pathname);
  if (named && method === "DELETE") return await deleteKey(decodeURIComponent(named[1]), deps);
  if (pathname === "/admin/usage" && method === "GET") {
    const query = parseUsageQuery(scope.url.searchParams, deps.now());
    const result = await new UsageStore(deps.store).query(query);
    return Response.json({
      object: "usage",
      from: query.from,
      to: query.to,
      group_by: query.groupBy,
      ...(query.key !== undefined ? { key: query.key } : {}),
      data: result.groups,
      total: result.total,
    });
  }
  throw new GatewayError({
    status: 404,
    kind: "not_found",
    message: `no admin route for ${method} ${pathname}`,
    local: true,
  });
}

async function createKey(scope: RequestScope, deps: AdminDeps): Promise<Response> {
  const { name, rules } = parseNewKey(await readJsonBody(scope, BODY_LIMIT_BYTES));
  if (deps.runtime().config.keys.some((k) => k.name === name)) throw duplicate(name, "config");
  const created = await new AdminKeys(deps.store, deps.now).create(name, rules);
  if (!created) throw duplicate(name, "admin API");
  deps.log.info("gateway key created", { key: name });
  return Response.json({ name, key: created.key, ...rules }, { status: 201 });
}

async function listKeys(deps: AdminDeps): Promise<Response> {
  const fromConfig = deps.runtime().config.keys.map((k) => ({
    name: k.name,
    source: "config",
    ...rulesOf(k),
  }));
  const fromAdmin = (await new AdminKeys(deps.store, deps.now).list()).map((k) => ({
    name: k.name,
    source: "admin",
    created_at: k.created_at,
    ...k.rules,
  }));
  return Response.json({ object: "list", data: [...fromConfig, ...fromAdmin] });
}

async function deleteKey(name: string, deps: AdminDeps): Promise<Response> {
  if (deps.runtime().config.keys.some((k) => k.name === name)) {
    throw new GatewayError({
      status: 400,
      kind: "invalid_request",
      message: `key "${name}" is defined in the config file ([[keys]]): remove it there`,
      param: "name",
      local: true,
    });
  }
  if (!(await new AdminKeys(deps.store, deps.now).revoke(name))) {
    throw new GatewayError({
      status: 404,
      kind: "not_found",
      message: `no key named "${name}"`,
      local: true,
    });
  }
  deps.log.info("gateway key revoked", { key: name });
  return new Response(null, { status: 204 });
}

function duplicate(name: string, where: string): GatewayError {
  return new GatewayError({
    status: 400,
    kind: "invalid_request",
    message: `a key named "${name}" already exists (defined through the ${where})`,
    param: "name",
    local: true,
  });
}
