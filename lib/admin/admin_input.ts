/**
 * Admin API input: the `POST /admin/keys` body and the `GET /admin/usage` query, validated with
 * the same rules as `[[keys]]`. Every refusal is a 400 naming the field.
 *
 * @module
 */
import { z } from "zod";
import type { KeyRules } from "../config/types.ts";
import { type GatewayError, invalidRequest } from "../ir/error.ts";
import { keyNameSchema, keyRulesShape } from "../keys/key_schema.ts";
import type { GroupBy, UsageQuery } from "../usage/usage_store.ts";
import { daysBetween, utcDay } from "../usage/usage_store.ts";

const newKeySchema = z.strictObject({ name: keyNameSchema, ...keyRulesShape });

/** The longest usage range one query may read, in days. */
const MAX_RANGE_DAYS = 366;

export function parseNewKey(body: unknown): { name: string; rules: KeyRules } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidRequest("the body must be a JSON object");
  }
  const result = newKeySchema.safeParse(body);
  if (!result.success) throw fieldError(result.error.issues[0]);
  const { name, ...rules } = result.data;
  return { name, rules };
}

function fieldError(issue: z.core.$ZodIssue): GatewayError {
  if (issue.code === "unrecognized_keys") {
    return invalidRequest(`unknown field "${issue.keys[0]}"`, issue.keys[0]);
  }
  const field = issue.path.map(String).join(".") || "body";
  return invalidRequest(`${field}: ${issue.message}`, field);
}

const USAGE_PARAMS = new Set(["key", "from", "to", "group_by"]);
const GROUPS: GroupBy[] = ["model", "day", "key"];

export function parseUsageQuery(params: URLSearchParams, now: number): UsageQuery {
  for (const name of params.keys()) {
    if (!USAGE_PARAMS.has(name)) throw invalidRequest(`unknown query parameter "${name}"`, name);
  }
  const today = utcDay(now);
  const from = day(params.get("from"), "from") ?? today;
  const to = day(params.get("to"), "to") ?? today;
  if (from > to) throw invalidRequest(`from (${from}) is after to (${to})`, "from");
  if (daysBetween(from, to).length > MAX_RANGE_DAYS) {
    throw invalidRequest(`the range may span at most ${MAX_RANGE_DAYS} days`, "from");
  }
  const groupBy = (params.get("group_by") ?? "model") as GroupBy;
  if (!GROUPS.includes(groupBy)) {
    throw invalidRequest(`group_by must be one of ${GROUPS.join(", ")}`, "group_by");
  }
  const key = params.get("key") ?? undefined;
  return { from, to, groupBy, key: key === "" ? undefined : key };
}

function day(value: string | null, field: string): string | undefined {
  if (value === null) return undefined;
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    utcDay(Date.parse(`${value}T00:00:00Z`) || 0) === value;
  if (!valid) throw invalidRequest(`${field} must be a date YYYY-MM-DD`, field);
  return value;
}
