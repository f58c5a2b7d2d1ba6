/**
 * The validated configuration as plain types. `schema.ts` (zod) is the source of truth for
 * keys, types and defaults; these interfaces spell its output out so the public API has explicit
 * types, and a compile-time check in `schema.ts` fails the build if the two ever differ.
 *
 * @module
 */

export type EffortSetting = "none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max";

export interface ServerConfig {
  listen: string;
  request_timeout_secs: number;
  body_limit_mb: number;
  graceful_shutdown_secs: number;
  default_reasoning_effort?: EffortSetting;
  reasoning_policy: "preserve" | "fill_missing" | "cap" | "force";
  max_reasoning_effort?: EffortSetting;
  max_concurrent_requests?: number;
  rate_limit_per_minute?: number;
  retry_attempts: number;
  retry_backoff_ms: number;
  circuit_breaker_failures?: number;
  circuit_breaker_cooldown_secs: number;
  allowed_origins: string[];
  allowed_hosts: string[];
  body_read_timeout_secs: number;
  header_timeout_secs: number;
}

export interface LoggingConfig {
  level: "trace" | "debug" | "info" | "warn" | "error";
  format: "text" | "json";
  ansi: boolean;
  log_bodies: boolean;
}

export interface AuthConfig {
  enabled: boolean;
  api_keys_env: string;
  per_key_rate_limit_per_minute?: number;
  per_key_max_concurrent_requests?: number;
  protect_metrics: boolean;
}

export interface MetricsConfig {
  enabled: boolean;
}

export interface PromptCacheConfig {
  auto_inject_anthropic_cache_control: boolean;
  cache_system: boolean;
  cache_tools: boolean;
  cache_last_user_message: boolean;
  openai_prompt_cache_key?: string;
  openai_prompt_cache_retention?: string;
  debug_log_request_shape: boolean;
  relocate_system_prefix_range?: string;
  log_relocated_system_text: boolean;
  strip_system_line_prefixes?: string[];
}

export interface TracingConfig {
  otlp_endpoint?: string;
  service_name: string;
  headers?: Record<string, string>;
  max_queue_spans: number;
  export_interval_ms: number;
}

export type ProviderType = "openai" | "openai_responses" | "anthropic" | "gemini" | "echo";

export interface BudgetTableConfig {
  minimal?: number;
  low?: number;
  medium?: number;
  high?: number;
  xhigh?: number;
  max?: number;
}

export interface ProviderConfig {
  name: string;
  type: ProviderType;
  base_url?: string;
  api_key_env?: string | string[];
  api_key?: string;
  api_key_file?: string;
  headers?: Record<string, string>;
  thinking_style?: "adaptive" | "budget";
  reasoning_budgets?: BudgetTableConfig;
  max_output_tokens?: number;
  models?: string[];
  key_cooldown_secs?: number;
}

export interface RouteTargetConfig {
  provider: string;
  model?: string;
  weight: number;
}

export interface RouteWhenConfig {
  min_input_tokens?: number;
  has_images?: boolean;
  thinking?: boolean;
  has_tools?: boolean;
  tool_names?: string[];
  client?: "openai" | "openai_responses" | "anthropic" | "gemini";
  header?: Record<string, string>;
}

export type PoolStrategy = "weighted" | "latency" | "least_busy";

export interface RouteConfig {
  match: string;
  match_type: "exact" | "prefix";
  /** Absent when the route lists `targets`. */
  provider?: string;
  rewrite_model?: string;
  strategy: PoolStrategy;
  targets?: RouteTargetConfig[];
  fallback_providers: string[];
  when?: RouteWhenConfig;
  list_as?: string[];
  eject_after_failures: number;
  eject_cooldown_secs: number;
}

export interface Config {
  server: ServerConfig;
  logging: LoggingConfig;
  auth: AuthConfig;
  metrics: MetricsConfig;
  prompt_cache: PromptCacheConfig;
  tracing: TracingConfig;
  providers: ProviderConfig[];
  routes: RouteConfig[];
  state: StateConfig;
  keys: KeyConfig[];
  pricing: PricingConfig[];
}

export interface StateConfig {
  backend: "memory" | "redis";
  url_env: string;
  key_prefix: string;
  on_unavailable: "fail_open" | "fail_closed";
  timeout_ms: number;
  lease_secs: number;
}

/** The rules a named key carries (config `[[keys]]` or the admin API). */
export interface KeyRules {
  models?: string[];
  rate_limit_per_minute?: number;
  max_concurrent_requests?: number;
  budget_usd_per_day?: number;
  budget_usd_per_month?: number;
  budget_tokens_per_day?: number;
  expires_at?: string;
}

export interface KeyConfig extends KeyRules {
  name: string;
  key_env?: string;
  key_sha256?: string;
}

export interface PricingConfig {
  model: string;
  provider?: string;
  input_usd_per_mtok: number;
  output_usd_per_mtok: number;
  cache_read_usd_per_mtok?: number;
  cache_write_usd_per_mtok?: number;
}
