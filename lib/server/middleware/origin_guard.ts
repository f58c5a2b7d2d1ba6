/**
 * Browsers are clients too, and not always the user's: any web page can send a "simple" `POST`
 * (`content-type: text/plain`, no preflight) to `http://127.0.0.1:3000`, and a DNS-rebinding
 * page can talk to it under its own name. With auth off (the default) that page would spend the
 * developer's provider keys.
 *
 * - A request whose `Origin` is present and is neither the gateway's own origin nor listed in
 *   `[server] allowed_origins` is refused (native clients send no `Origin`).
 * - On a loopback listener, a `Host` that is not a loopback name is refused unless listed in
 *   `[server] allowed_hosts`.
 * - CORS preflights are answered only for allowed origins; allowed cross-origin answers carry
 *   `access-control-allow-origin`.
 *
 * Both refusals are 403 in the client's protocol shape and name the setting that allows them.
 *
 * @module
 */
import { GatewayError } from "../../ir/error.ts";
import { boundedText } from "../../observability/bounded_text.ts";
import type { GatewayDeps } from "../deps.ts";
import { refuse } from "../error_response.ts";
import type { Middleware } from "./compose.ts";

const PREFLIGHT_MAX_AGE_SECS = 600;
const DEFAULT_ALLOWED_HEADERS = "authorization, content-type, x-api-key, x-goog-api-key, " +
  "anthropic-version, anthropic-beta, openai-beta, x-request-id";

/** `listenHost`: the host the gateway is bound to, when it knows (`serve` passes it). */
export function originGuardMiddleware(
  deps: Pick<GatewayDeps, "runtime">,
  listenHost: string | undefined,
): Middleware {
  const guardHost = listenHost !== undefined && isLoopbackName(listenHost);
  return async (scope, next) => {
    const { request, url } = scope;
    const { server } = deps.runtime().config;
    const host = request.headers.get("host");
    if (guardHost && host !== null && !hostAllowed(host, server.allowed_hosts)) {
      return refuse(
        scope,
        forbidden(
          `Host "${boundedText(host, 100)}" is not a loopback name; to serve it, add it to ` +
            "[server] allowed_hosts",
        ),
      );
    }
    const origin = request.headers.get("origin");
    if (origin === null) return await next(scope);
    if (origin !== url.origin && !listed(origin, server.allowed_origins)) {
      return refuse(
        scope,
        forbidden(
          `Origin "${boundedText(origin, 100)}" may not call this gateway; to allow it, add it ` +
            "to [server] allowed_origins",
        ),
      );
    }
    if (request.method === "OPTIONS") return preflight(request, origin);
    const response = await next(scope);
    return withCors(response, origin);
  };
}

function forbidden(message: string): GatewayError {
  return new GatewayError({ status: 403, kind: "permission", message, local: true });
}

function listed(origin: string, allowed: string[]): boolean {
  return allowed.includes("*") || allowed.includes(origin);
}

function hostAllowed(host: string, allowed: string[]): boolean {
  const name = hostName(host);
  if (isLoopbackName(name)) return true;
  return allowed.includes("*") || allowed.includes(host) || allowed.includes(name);
}

/** `Host` header → name without port, IPv6 brackets kept off. */
function hostName(host: string): string {
  const bracketed = /^\[([^\]]*)\](:\d+)?$/.exec(host);
  if (bracketed) return bracketed[1];
  return host.replace(/:\d+$/, "").toLowerCase();
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 and ::1: names that only ever mean this machine. */
export function isLoopbackName(name: string): boolean {
  const host = name.replace(/^\[(.*)\]$/, "$1").toLowerCase().replace(/\.$/, "");
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function preflight(request: Request, origin: string): Response {
  const requested = request.headers.get("access-control-request-headers");
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": requested ?? DEFAULT_ALLOWED_HEADERS,
      "access-control-max-age": String(PREFLIGHT_MAX_AGE_SECS),
      vary: "Origin",
    },
  });
}

function withCors(response: Response, origin: string): Response {
  const headers = new Headers(response.headers);
  headers.set("access-control-allow-origin", origin);
  headers.set("access-control-expose-headers", "x-request-id, retry-after");
  headers.append("vary", "Origin");
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
