import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { BASE_PROVIDERS, config } from "./_support.ts";

Deno.test("readiness fails with the reason while draining; liveness stays up", async () => {
  let draining = false;
  const handler = createHandler({
    config: config(`${BASE_PROVIDERS}\n[[routes]]\nmatch = "*"\nprovider = "echo"\n`),
    isDraining: () => draining,
  });
  const ready = await handler(new Request("http://g.test/readyz"));
  assert.equal(ready.status, 200);
  await ready.body?.cancel();
  draining = true;
  const notReady = await handler(new Request("http://g.test/readyz"));
  assert.equal(notReady.status, 503);
  assert.deepEqual((await notReady.json()).problems, ["draining: shutting down"]);
  const live = await handler(new Request("http://g.test/healthz"));
  assert.equal(live.status, 200);
  await live.body?.cancel();
});
