import assert from "node:assert/strict";
import {
  dropVolatileIdentity,
  isSessionScopedUser,
} from "../../lib/policy/prompt_cache/volatile_identity.ts";
import { request } from "./_requests.ts";

const CLAUDE_CODE_USER = JSON.stringify({
  device_id: "ab".repeat(32),
  account_uuid: "",
  session_id: "0f8e2c1a-7b5d-4e3f-9a1b-2c3d4e5f6a7b",
});

Deno.test("isSessionScopedUser recognizes both Claude Code user_id formats", () => {
  assert.equal(isSessionScopedUser(CLAUDE_CODE_USER), true);
  assert.equal(
    isSessionScopedUser(`user_${"ab".repeat(32)}_account__session_0f8e2c1a-7b5d-4e3f`),
    true,
  );
  assert.equal(isSessionScopedUser("user-42"), false);
  assert.equal(isSessionScopedUser("{not json"), false);
});

Deno.test("dropVolatileIdentity removes session-scoped users toward non-Anthropic targets", () => {
  const ir = request({ user: CLAUDE_CODE_USER, metadata: { team: "a" } });
  for (const target of ["openai", "openai_responses", "gemini"] as const) {
    const out = dropVolatileIdentity(ir, target);
    assert.equal("user" in out, false);
    assert.deepEqual(out.metadata, { team: "a" });
  }
  assert.equal(dropVolatileIdentity(ir, "anthropic"), ir);
});

Deno.test("dropVolatileIdentity keeps a plain end-user id", () => {
  const ir = request({ user: "user-42" });
  assert.equal(dropVolatileIdentity(ir, "openai"), ir);
});
