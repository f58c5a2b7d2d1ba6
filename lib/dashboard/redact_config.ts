/**
 * The running configuration with every secret replaced, for the dashboard's config view.
 *
 * Redacted: inline keys and other secret-named values (`api_key`, `*token*`, `*secret*`,
 * `*password*`), every header value (headers carry credentials more often than not), and the
 * password in a URL's user info. Names of environment variables and files are kept: they say
 * where a secret lives without being one.
 *
 * @module
 */

export const REDACTED = "[redacted]";

const SECRET_NAME = /(^|_)(api_?key|key|secret|token|password|passwd|credentials?|authorization)$/i;
const REFERENCE_NAME = /(_env|_file|_path)$/i;

export function redactConfig(value: unknown): unknown {
  return redact(value, undefined, false);
}

function redact(value: unknown, name: string | undefined, secretScope: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, name, secretScope));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      // Every value inside a `headers` table is a secret, whatever its header name.
      out[key] = redact(inner, key, secretScope || key === "headers");
    }
    return out;
  }
  if (typeof value !== "string") return value;
  if (secretScope) return REDACTED;
  if (name && SECRET_NAME.test(name) && !REFERENCE_NAME.test(name)) return REDACTED;
  return redactUrlPassword(value);
}

/** `redis://user:pw@host` → `redis://user:[redacted]@host`; anything else unchanged. */
function redactUrlPassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:\s]*):[^/@\s]+@/i, `$1:${REDACTED}@`);
}
