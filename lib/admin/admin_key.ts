/**
 * The admin key: `FERRYLLM_ADMIN_KEY` from the environment passed in, presented as
 * `Authorization: Bearer <admin key>`. Unset or empty, every admin surface is off.
 *
 * The presented key and the configured one are compared as SHA-256 digests with a loop that
 * always runs to the end, so the time taken says nothing about how much of the key was right.
 * The env is read on every check, so a rotated key works without a restart.
 *
 * @module
 */

export const ADMIN_KEY_ENV = "FERRYLLM_ADMIN_KEY";

/** `ok`, or why not: the admin API is off, no bearer token was sent, or it was wrong. */
export type AdminKeyVerdict = "ok" | "disabled" | "missing" | "invalid";

export function adminEnabled(env: (name: string) => string | undefined): boolean {
  return (env(ADMIN_KEY_ENV)?.trim() ?? "") !== "";
}

export async function checkAdminKey(
  request: Request,
  env: (name: string) => string | undefined,
): Promise<AdminKeyVerdict> {
  const expected = env(ADMIN_KEY_ENV)?.trim() ?? "";
  if (expected === "") return "disabled";
  const presented = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!presented) return "missing";
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  return constantTimeEqual(a, b) ? "ok" : "invalid";
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Equal-length byte arrays (digests) compared without an early exit. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
