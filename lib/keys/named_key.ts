/**
 * A named gateway key as the gateway knows it at request time, and the rules that refuse it:
 * expiry and revocation (401), a model outside its allow-list (403). Messages name the key and
 * the rule so the caller (and the operator) knows what to change.
 *
 * @module
 */
import type { KeyRules } from "../config/types.ts";
import { GatewayError } from "../ir/error.ts";
import { globMatches } from "./glob.ts";

export interface NamedKey {
  name: string;
  rules: KeyRules;
  source: "config" | "admin";
  /** Set on admin keys deleted through the API: kept so the refusal can say "revoked". */
  revokedAt?: string;
}

/** Why this key may not be used at all right now, or undefined. */
export function keyRefusal(key: NamedKey, now: number): GatewayError | undefined {
  if (key.revokedAt !== undefined) {
    return unauthorized(`gateway API key "${key.name}" was revoked at ${key.revokedAt}`);
  }
  const expires = key.rules.expires_at;
  if (expires !== undefined && Date.parse(expires) <= now) {
    return unauthorized(`gateway API key "${key.name}" expired at ${expires} (expires_at)`);
  }
  return undefined;
}

/** The 403 for a model outside the key's `models` allow-list, or undefined. */
export function modelRefusal(
  key: Pick<NamedKey, "name" | "rules"> | undefined,
  model: string,
): GatewayError | undefined {
  const allowed = key?.rules.models;
  if (!key || !allowed || allowed.some((pattern) => globMatches(pattern, model))) return undefined;
  return new GatewayError({
    status: 403,
    kind: "permission",
    message: `gateway API key "${key.name}" may not use model "${model}": its models ` +
      `allow-list is ${allowed.map((m) => `"${m}"`).join(", ")}`,
    param: "model",
    local: true,
  });
}

function unauthorized(message: string): GatewayError {
  return new GatewayError({ status: 401, kind: "authentication", message, local: true });
}
