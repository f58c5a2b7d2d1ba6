import assert from "node:assert/strict";
import {
  authSchema,
  loggingSchema,
  metricsSchema,
  promptCacheSchema,
  providerSchema,
  routeSchema,
  serverSchema,
  tracingSchema,
} from "../../lib/config/schema.ts";

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
  assert.deepEqual(missing, []);
});
