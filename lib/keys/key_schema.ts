/**
 * The fields of a named gateway key, shared by the config's `[[keys]]` table and the admin
 * API's `POST /admin/keys` body so both accept exactly the same rules.
 *
 * @module
 */
import { z } from "zod";

export const keyNameSchema = z.string().regex(
  /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/,
  "must be 1-64 letters, digits, or _ . @ - (starting with a letter or digit)",
);

/** The limits and rules a named key carries, wherever it was defined. */
export const keyRulesShape = {
  /** Client model names this key may use (globs: `*` matches any run of characters). */
  models: z.array(z.string().min(1)).min(1).optional(),
  rate_limit_per_minute: z.number().int().positive().optional(),
  max_concurrent_requests: z.number().int().positive().optional(),
  budget_usd_per_day: z.number().nonnegative().optional(),
  budget_usd_per_month: z.number().nonnegative().optional(),
  budget_tokens_per_day: z.number().int().nonnegative().optional(),
  /** RFC 3339 time after which the key is refused. */
  expires_at: z.iso.datetime({ offset: true }).optional(),
};

export const keyConfigSchema = z.strictObject({
  name: keyNameSchema,
  /** Environment variable holding the key (the key itself never sits in the file). */
  key_env: z.string().min(1).optional(),
  /** Hex SHA-256 of the key, for files that may be read by others. */
  key_sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits").optional(),
  ...keyRulesShape,
}).superRefine((k, ctx) => {
  if ((k.key_env === undefined) === (k.key_sha256 === undefined)) {
    ctx.addIssue({ code: "custom", message: "give exactly one of key_env or key_sha256" });
  }
});
