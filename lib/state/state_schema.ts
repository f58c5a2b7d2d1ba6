/**
 * `[state]`: where shared gateway state lives. `memory` (the default) is one instance's own;
 * `redis` is shared by every replica pointed at the same server and prefix.
 *
 * @module
 */
import { z } from "zod";

export const stateSchema = z.strictObject({
  backend: z.enum(["memory", "redis"]).default("memory"),
  /** The variable holding `redis://[user:pass@]host:port/db`: a secret, so never in the file. */
  url_env: z.string().min(1).default("FERRYLLM_REDIS_URL"),
  key_prefix: z.string().default("ferryllm:"),
  /** What limits and budgets do while Redis is down. */
  on_unavailable: z.enum(["fail_open", "fail_closed"]).default("fail_open"),
  /** Upper bound on one Redis call; a slower answer counts as Redis being down. */
  timeout_ms: z.number().int().positive().default(500),
  /** A concurrency slot held by an instance that died frees itself after this long. */
  lease_secs: z.number().positive().default(30),
});
