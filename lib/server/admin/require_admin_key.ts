/**
 * The admin key check for `/admin/route`, on the admin API's own key module
 * (`lib/admin/admin_key.ts`: `Authorization: Bearer <FERRYLLM_ADMIN_KEY>`, SHA-256 digests
 * compared in constant time). Unset variable: the admin API is off (403), so a gateway never
 * exposes it by accident.
 *
 * @module
 */
import { ADMIN_KEY_ENV, checkAdminKey } from "../../admin/admin_key.ts";
import type { EnvReader } from "../middleware/auth.ts";

export { ADMIN_KEY_ENV };

/** `undefined` when the caller may pass; else the refusal to send. */
export async function requireAdminKey(
  request: Request,
  env: EnvReader,
): Promise<Response | undefined> {
  switch (await checkAdminKey(request, env)) {
    case "ok":
      return undefined;
    case "disabled":
      return refusal(403, `the admin API is off: set ${ADMIN_KEY_ENV} to enable it`);
    case "missing":
      return refusal(401, "missing admin key: send Authorization: Bearer <key>");
    case "invalid":
      return refusal(401, "invalid admin key");
  }
}

function refusal(status: number, message: string): Response {
  const type = status === 401 ? "authentication_error" : "permission_error";
  return Response.json({ error: { message, type } }, { status });
}
