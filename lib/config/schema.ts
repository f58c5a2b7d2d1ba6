/**
 * The configuration schema: the single source of truth for every key, its type and default.
 * docs/configuration.md documents the same keys; `tests/config/schema_test.ts` keeps them in step.
 *
 * @module
 */
import { z } from "zod";
import { keyConfigSchema } from "../keys/key_schema.ts";
import { stateSchema } from "../state/state_schema.ts";
import { pricingSchema } from "../usage/pricing_schema.ts";
import type { Config } from "./types.ts";

export { keyConfigSchema, pricingSchema, stateSchema };

const effort = z.enum(["none", "minimal", "low", "medium", "high", "xhigh", "x_high", "max"])
  .transform((v) => (v === "x_high" ? "xhigh" : v));

const listenAddress = z.string().regex(
  /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-]+):\d{1,5}$/,
  "must be HOST:PORT, e.g. 127.0.0.1:3000",
);

export const serverSchema = z.strictObject({
  listen: listenAddress.default("127.0.0.1:3000"),
  request_timeout_secs: z.number().positive().default(600),
  body_limit_mb: z.number().positive().default(32),
  graceful_shutdown_secs: z.number().nonnegative().default(30),
  default_reasoning_effort: effort.optional(),
  reasoning_policy: z.enum(["preserve", "fill_missing", "cap", "force"]).default("preserve"),
  max_reasoning_effort: effort.optional(),
  max_concurrent_requests: z.number().int().positive().optional(),
  rate_limit_per_minute: z.number().int().positive().optional(),
  retry_attempts: z.number().int().nonnegative().default(0),
  retry_backoff_ms: z.number().int().nonnegative().default(200),
  circuit_breaker_failures: z.number().int().positive().optional(),
  circuit_breaker_cooldown_secs: z.number().positive().default(30),
  /** Browser origins (`https://app.example`, or `"*"`) besides the gateway's own that may call it. */
  allowed_origins: z.array(z.string().min(1)).default([]),
  /** On a loopback listener: `Host` names besides loopback ones to serve (DNS-rebinding guard). */
  allowed_hosts: z.array(z.string().min(1)).default([]),
  /** Longest a client may take to send its request body. */
  body_read_timeout_secs: z.number().positive().default(30),
  /** Longest a client may take to send its request headers, where the runtime allows (Bun). */
  header_timeout_secs: z.number().positive().default(10),
});

export const loggingSchema = z.strictObject({
  level: z.enum(["trace", "debug", "info", "warn", "error"]).default("info"),
  format: z.enum(["text", "json"]).default("text"),
  ansi: z.boolean().default(false),
  /** Debug switch: log prompt text and request bodies. Never on in production. */
  log_bodies: z.boolean().default(false),
});

export const authSchema = z.strictObject({
  enabled: z.boolean().default(false),
  api_keys_env: z.string().default("FERRYLLM_API_KEYS"),
  per_key_rate_limit_per_minute: z.number().int().positive().optional(),
  per_key_max_concurrent_requests: z.number().int().positive().optional(),
  /** When true, `/metrics` also requires a gateway key. */
  protect_metrics: z.boolean().default(false),
});

export const metricsSchema = z.strictObject({
  enabled: z.boolean().default(true),
});

const byteRange = z.string().regex(
  /^\d+\.\.\d+$/,
  'must be "start..end" byte offsets, e.g. "0..128"',
)
  .refine((v) => {
    const [a, b] = v.split("..").map(Number);
    return a < b;
  }, "start must be below end");

export const promptCacheSchema = z.strictObject({
  auto_inject_anthropic_cache_control: z.boolean().default(true),
  cache_system: z.boolean().default(true),
  cache_tools: z.boolean().default(true),
  cache_last_user_message: z.boolean().default(true),
  openai_prompt_cache_key: z.string().min(1).optional(),
  openai_prompt_cache_retention: z.string().min(1).optional(),
  debug_log_request_shape: z.boolean().default(false),
  relocate_system_prefix_range: byteRange.optional(),
  log_relocated_system_text: z.boolean().default(false),
  /**
   * Absent = the default: strip Claude Code's billing-header line toward non-Anthropic upstreams.
   * Set explicitly, the list applies to every upstream.
   */
  strip_system_line_prefixes: z.array(z.string().min(1)).optional(),
});

/** OpenTelemetry traces over OTLP/HTTP: off unless an endpoint is set here or in the env. */
export const tracingSchema = z.strictObject({
  otlp_endpoint: z.url().optional(),
  service_name: z.string().min(1).default("ferryllm"),
  /** Extra headers on every export (a collector's auth token); values are secrets. */
  headers: z.record(z.string(), z.string()).optional(),
  max_queue_spans: z.number().int().positive().default(2048),
  export_interval_ms: z.number().int().positive().max(5000).default(1000),
});

export const providerTypes = ["openai", "openai_responses", "anthropic", "gemini", "echo"] as const;

const budgetTable = z.strictObject({
  minimal: z.number().int().nonnegative().optional(),
  low: z.number().int().nonnegative().optional(),
  medium: z.number().int().nonnegative().optional(),
  high: z.number().int().nonnegative().optional(),
  xhigh: z.number().int().nonnegative().optional(),
  max: z.number().int().nonnegative().optional(),
});

export const providerSchema = z.strictObject({
  name: z.string().min(1),
  type: z.enum(providerTypes),
  base_url: z.url().optional(),
  /** One env var name, or several: their keys rotate round-robin (see docs/routing.md). */
  api_key_env: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  api_key: z.string().min(1).optional(),
  api_key_file: z.string().min(1).optional(),
  /** Extra headers sent to this provider on every request (e.g. an org id). */
  headers: z.record(z.string(), z.string()).optional(),
  /** Anthropic: `adaptive` (4.6+) or `budget` thinking; default picks by model name. */
  thinking_style: z.enum(["adaptive", "budget"]).optional(),
  /** Effort → thinking budget tokens, overriding the built-in table. */
  reasoning_budgets: budgetTable.optional(),
  /** Ceiling for the output-token limit sent upstream (clients ask for more than some models take). */
  max_output_tokens: z.number().int().positive().optional(),
  /** Models this provider serves, listed by `GET /v1/models` for prefix routes. */
  models: z.array(z.string().min(1)).optional(),
  /** How long a key that got 429/401/403 rests when the upstream gave no `retry-after` (60). */
  key_cooldown_secs: z.number().positive().optional(),
}).superRefine((p, ctx) => {
  const sources = [p.api_key_env, p.api_key, p.api_key_file].filter((s) => s !== undefined);
  if (sources.length > 1) {
    ctx.addIssue({
      code: "custom",
      message: "give one key source: api_key_env, api_key or api_key_file",
    });
  }
  if (p.type !== "echo" && !p.base_url) {
    ctx.addIssue({ code: "custom", path: ["base_url"], message: `required for type "${p.type}"` });
  }
});

export const routeTargetSchema = z.strictObject({
  provider: z.string().min(1),
  /** The model this target receives; default: the route's `rewrite_model`, else the client's. */
  model: z.string().min(1).optional(),
  weight: z.number().positive().default(1),
});

/** Conditions on the request itself; every one given must hold (see lib/router/conditions.ts). */
export const routeWhenSchema = z.strictObject({
  min_input_tokens: z.number().int().nonnegative().optional(),
  has_images: z.boolean().optional(),
  thinking: z.boolean().optional(),
  has_tools: z.boolean().optional(),
  tool_names: z.array(z.string().min(1)).min(1).optional(),
  client: z.enum(["openai", "openai_responses", "anthropic", "gemini"]).optional(),
  header: z.record(z.string().min(1), z.string()).optional(),
});

export const routeSchema = z.strictObject({
  match: z.string().min(1),
  match_type: z.enum(["exact", "prefix"]).default("prefix"),
  /** One provider; or `targets` for a pool. Exactly one of the two. */
  provider: z.string().min(1).optional(),
  rewrite_model: z.string().min(1).optional(),
  strategy: z.enum(["weighted", "latency", "least_busy"]).default("weighted"),
  targets: z.array(routeTargetSchema).min(1).optional(),
  fallback_providers: z.array(z.string().min(1)).default([]),
  when: routeWhenSchema.optional(),
  /** Model names `GET /v1/models` lists for this route (each must match it). */
  list_as: z.array(z.string().min(1)).optional(),
  /** Consecutive failures that eject a pool target for `eject_cooldown_secs`. */
  eject_after_failures: z.number().int().positive().default(3),
  eject_cooldown_secs: z.number().positive().default(30),
}).superRefine((r, ctx) => {
  if ((r.provider === undefined) === (r.targets === undefined)) {
    ctx.addIssue({ code: "custom", path: ["provider"], message: "give provider or targets" });
  }
});

export const configSchema = z.strictObject({
  server: serverSchema.default(serverSchema.parse({})),
  logging: loggingSchema.default(loggingSchema.parse({})),
  auth: authSchema.default(authSchema.parse({})),
  metrics: metricsSchema.default(metricsSchema.parse({})),
  prompt_cache: promptCacheSchema.default(promptCacheSchema.parse({})),
  tracing: tracingSchema.default(tracingSchema.parse({})),
  providers: z.array(providerSchema).min(1, "at least one [[providers]] entry is needed"),
  routes: z.array(routeSchema).min(1, "at least one [[routes]] entry is needed"),
  state: stateSchema.default(stateSchema.parse({})),
  keys: z.array(keyConfigSchema).default([]),
  pricing: z.array(pricingSchema).default([]),
});

export type {
  Config,
  PoolStrategy,
  ProviderConfig,
  ProviderType,
  RouteConfig,
  RouteTargetConfig,
  RouteWhenConfig,
} from "./types.ts";

// Compile-time proof that the explicit types in types.ts are exactly the schema's output.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<z.output<typeof configSchema>, Config> = true;
void schemaMatchesTypes;
