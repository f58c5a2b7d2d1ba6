/**
 * `/admin/*` dispatch: admin-key check, then the endpoint. Only the route tester lives here for
 * now; the admin API proper adds its endpoints beside it.
 *
 * @module
 */
import type { GatewayDeps } from "../deps.ts";
import type { EnvReader } from "../middleware/auth.ts";
import { requireAdminKey } from "./require_admin_key.ts";
import { handleRouteTest } from "./route_tester.ts";

/** The admin answer for an `/admin/` request, or `undefined` for every other path. */
export function adminRoute(
  request: Request,
  deps: GatewayDeps,
  env: EnvReader,
): Promise<Response> | undefined {
  if (!request.url.includes("/admin/")) return undefined;
  const { pathname } = new URL(request.url);
  if (pathname !== "/admin/route") return undefined;
  return (async () => {
    const refused = await requireAdminKey(request, env);
    if (refused) return refused;
    if (request.method !== "POST") {
      return Response.json(
        {
          error: { message: "use POST /admin/route with a request body", type: "invalid_request" },
        },
        { status: 405, headers: { allow: "POST" } },
      );
    }
    return await handleRouteTest(request, deps);
  })();
}
