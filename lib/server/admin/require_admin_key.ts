/**
 * The admin key check for `/admin/*`: `Authorization: Bearer <FERRYLLM_ADMIN_KEY>`, compared as
 * SHA-256 digests in constant time. Unset variable: the admin API is off (403), so a gateway
 * never exposes it by accident.
 *
 * Minimal on purpose: the admin API's own key module (`lib/admin/admin_key.ts`) replaces this
 * when the two branches meet.
 *
 * @module
 */
import type { EnvReader } from "../middleware/auth.ts";

export const ADMIN_KEY_ENV = "FERRYLLM_ADMIN_KEY";

/** `undefined` when the caller may pass; else the refusal to send. */
export async function requireAdminKey(
  request: Request,
  env: EnvReader,
): Promise<Response | undefined> {
  const expected = env(ADMIN_KEY_ENV)?.trim();
  if (!expected) {
    return refusal(403, `the admin API is off: set ${ADMIN_KEY_ENV} to enable it`);
  }
  const presented = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (presented === undefined) {
    return refusal(401, "missing admin key: send Authorization: Bearer <key>");
  }
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0 ? undefined : refusal(401, "invalid admin key");
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

function refusal(status: number, message: string): Response {
  const type = status === 401 ? "authentication_error" : "permission_error";
  return Response.json({ error: { message, type } }, { status });
}
