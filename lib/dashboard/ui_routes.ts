/**
 * `/ui`: the login form, the app shell and its bundled assets, and the JSON endpoints the app
 * calls. Every `/ui/api/*` endpoint checks the session cookie; state-changing ones also refuse a
 * foreign `Origin` (defence in depth next to SameSite=Strict).
 *
 * @module
 */
import { type AdminSessions, sessionCookie } from "./admin_session.ts";
import { appShell, loginPage, SECURITY_HEADERS } from "./pages.ts";

export interface UiApi {
  snapshot(): Promise<unknown>;
  config(): unknown;
  routeTest(body: unknown): unknown;
  reload(): { status: number; body: unknown };
}

export function isUiPath(pathname: string): boolean {
  return pathname === "/ui" || pathname.startsWith("/ui/");
}

export async function handleUi(
  request: Request,
  sessions: AdminSessions,
  api: UiApi,
): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (!sessions.enabled()) {
    return json({ error: "the dashboard is off: set FERRYLLM_ADMIN_KEY to turn it on" }, 404);
  }
  const method = request.method;
  if (path.startsWith("/ui/assets/") && (method === "GET" || method === "HEAD")) {
    return await asset(path.slice("/ui/assets/".length));
  }
  if (path === "/ui" && (method === "GET" || method === "HEAD")) {
    return html(await sessions.check(request) ? appShell() : loginPage(), 200);
  }
  if (path === "/ui/login" && method === "POST") return await login(request, sessions);
  if (path === "/ui/logout" && method === "POST") {
    await sessions.logout(request);
    return redirect("/ui", sessionCookie("", isSecure(request)));
  }
  if (!path.startsWith("/ui/api/")) return json({ error: "not found" }, 404);

  if (!(await sessions.check(request))) return json({ error: "not signed in" }, 401);
  if (method === "POST" && !sameOrigin(request)) return json({ error: "foreign origin" }, 403);
  switch (`${method} ${path}`) {
    case "GET /ui/api/snapshot":
      return json(await api.snapshot(), 200);
    case "GET /ui/api/config":
      return json(api.config(), 200);
    case "POST /ui/api/route-test": {
      const body = await request.json().catch(() => undefined);
      if (body === null || typeof body !== "object") {
        return json({ error: "send a JSON body" }, 400);
      }
      return json(api.routeTest(body), 200);
    }
    case "POST /ui/api/reload": {
      const { status, body } = api.reload();
      return json(body, status);
    }
  }
  return json({ error: "not found" }, 404);
}

async function login(request: Request, sessions: AdminSessions): Promise<Response> {
  if (!sameOrigin(request)) return html(loginPage("Sign-in refused: foreign origin."), 403);
  const form = await request.formData().catch(() => undefined);
  const key = form?.get("admin_key");
  const result = await sessions.login(typeof key === "string" ? key : "");
  if (result.ok) return redirect("/ui", sessionCookie(result.token, isSecure(request)));
  if (result.reason === "throttled") {
    return html(loginPage("Too many wrong keys: wait a minute and try again."), 429);
  }
  return html(loginPage("Wrong admin key."), 401);
}

/**
 * The bundled browser code, ~90 KB of source: loaded on the first asset request, not at
 * startup (a gateway whose dashboard nobody opens never parses it).
 */
async function asset(name: string): Promise<Response> {
  const { ASSETS } = await import("./assets.generated.ts");
  const found = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!found) return json({ error: "not found" }, 404);
  return new Response(found.body, {
    headers: {
      ...SECURITY_HEADERS,
      "content-type": found.type,
      // Bundled into the binary: a new version is a new process, so a short cache is safe.
      "cache-control": "private, max-age=300",
    },
  });
}

/** A POST from another site carries its own Origin; same-origin and non-browser calls pass. */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  const host = request.headers.get("host") ?? new URL(request.url).host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function isSecure(request: Request): boolean {
  return new URL(request.url).protocol === "https:" ||
    request.headers.get("x-forwarded-proto") === "https";
}

function html(body: string, status: number): Response {
  return new Response(body, {
    status,
    headers: { ...SECURITY_HEADERS, "content-type": "text/html; charset=utf-8" },
  });
}

function json(body: unknown, status: number): Response {
  return Response.json(body, { status, headers: SECURITY_HEADERS });
}

function redirect(location: string, cookie: string): Response {
  return new Response(null, {
    status: 303,
    headers: { ...SECURITY_HEADERS, location, "set-cookie": cookie },
  });
}
