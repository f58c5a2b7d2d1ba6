import assert from "node:assert/strict";
import {
  authSchema,
  keyConfigSchema,
  loggingSchema,
  metricsSchema,
  pricingSchema,
  promptCacheSchema,
  providerSchema,
  routeSchema,
  serverSchema,
  stateSchema,
  tracingSchema,
} from "../../lib/config/schema.ts";

/** keyConfigSchema is wrapped by superRefine too. */
function keyConfigShape(): Record<string, unknown> {
  const schema = keyConfigSchema as unknown as {
    shape?: Record<string, unknown>;
    def: { in?: { shape: Record<string, unknown> } };
  };
  return schema.shape ?? schema.def.in?.shape ?? {};
}

Deno.test("docs/configuration.md documents every config key", async () => {
  const doc = await Deno.readTextFile(new URL("../../docs/configuration.md", import.meta.url));
  const sections = {
    server: serverSchema,
    logging: loggingSchema,
    auth: authSchema,
    metrics: metricsSchema,
    prompt_cache: promptCacheSchema,
    tracing: tracingSchema,
    routes: routeSchema,
    state: stateSchema,
    pricing: pricingSchema,
  };
  const documented = (key: string) => new RegExp(`^\\|\\s*\`${key}\`\\s*\\|`, "m").test(doc);
  const missing: string[] = [];
  for (const [section, schema] of Object.entries(sections)) {
    for (const key of Object.keys(schema.shape)) {
      if (!documented(key)) missing.push(`${section}.${key}`);
    }
  }
  // providerSchema is wrapped by superRefine; its shape sits on the inner object.
  const providerShape = (providerSchema as unknown as { shape?: Record<string, unknown> }).shape ??
    (providerSchema as unknown as { def: { in?: { shape: Record<string, unknown> } } }).def.in
      ?.shape ??
    {};
  assert.ok(Object.keys(providerShape).length > 5, "provider keys found");
  for (const key of Object.keys(providerShape)) {
    if (!documented(key)) missing.push(`providers.${key}`);
  }
  assert.ok(Object.keys(keyConfigShape()).length > 5, "key fields found");
  for (const key of Object.keys(keyConfigShape())) {
    if (!documented(key)) missing.push(`keys.${key}`);
  }
  assert.deepEqual(missing, []);
});
