/**
 * Keeps per-session identifiers out of non-Anthropic upstream bodies.
 *
 * Claude Code sends `metadata.user_id` as a JSON string carrying a device fingerprint and the
 * session id (`{"device_id":"<64 hex>","account_uuid":"","session_id":"<uuid>"}`; older versions
 * `user_<hex>_account_<uuid>_session_<uuid>`). Anthropic entries decode it into `ir.user`, which
 * OpenAI-family adapters would send as `user`, a field OpenAI also feeds into cache routing.
 * A value that changes per session spreads one app's cache over many machines, and a device
 * fingerprint has no business reaching a third-party provider. Toward Anthropic, its own
 * client's field goes back unchanged. Plain user ids (an operator's stable end-user id) pass.
 * `ir.metadata` passes: it is the client's explicit, stored-with-the-response tagging, and it
 * is not part of any prompt prefix.
 *
 * @module
 */
import type { ProtocolId } from "../../ir/content.ts";
import type { IrRequest } from "../../ir/request.ts";

/** Whether a `user` value carries a session id rather than naming a user. */
export function isSessionScopedUser(user: string): boolean {
  if (/_session_[0-9a-f-]{8,}/i.test(user)) return true;
  if (!user.trimStart().startsWith("{")) return false;
  try {
    const parsed: unknown = JSON.parse(user);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** The request without a session-scoped `user` toward non-Anthropic upstreams. */
export function dropVolatileIdentity(ir: IrRequest, target: ProtocolId): IrRequest {
  if (target === "anthropic" || ir.user === undefined || !isSessionScopedUser(ir.user)) return ir;
  const { user: _dropped, ...rest } = ir;
  return rest;
}
