import assert from "node:assert/strict";
import { urlSafeBundle } from "../scripts/url_safe_bundle.ts";

Deno.test("urlSafeBundle gives createRequire a file base when the bundle was loaded over http", async () => {
  const code = 'import { createRequire as __deno_internal_createRequire } from "node:module";\n' +
    "var __require = __deno_internal_createRequire(import.meta.url);\n" +
    'export const events = __require("node:events");\n';
  const fixed = urlSafeBundle(code);
  assert.notEqual(fixed, code);
  // Run the rewritten prelude as a data: URL module (not a file URL, like an http one).
  const module = await import(`data:text/javascript,${encodeURIComponent(fixed)}`);
  assert.equal(typeof module.events.EventEmitter, "function");
  await assert.rejects(import(`data:text/javascript,${encodeURIComponent(code)}`));
});
