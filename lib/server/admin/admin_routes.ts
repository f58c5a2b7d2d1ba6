/**
 * The admin endpoints (the route table in `routes.ts` says which path): admin-key check, then the
 * endpoint. Only the route tester lives here for now; the admin API proper adds its endpoints
 * beside it.
 *
 * @module
 */
import type { GatewayDeps } from "../deps.ts";
import type { EnvReader } from "../middleware/auth.ts";
import type { RequestScope } from "../scope.ts";
import { requireAdminKey } from "./require_admin_key.ts";
import { handleRouteTest } from "./route_tester.ts";

/** `/admin/route`: POST a request body, get where it would go and why. */
export async function handleAdminRoute(
  scope: RequestScope,
  deps: GatewayDeps,
  env: EnvReader,
): Promise<Response> {
  const refused = await requireAdminKey(scope.request, env);
  if (refused) return refused;
  if (scope.request.method !== "POST") {
    return Response.json(
      { error: { message: "use POST /admin/route with a request body", type: "invalid_request" } },
      { status: 405, headers: { allow: "POST" } },
    );
  }
  return await handleRouteTest(scope, deps);
}
