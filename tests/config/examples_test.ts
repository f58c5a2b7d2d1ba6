import assert from "node:assert/strict";
import { parseConfig } from "../../lib/config/load.ts";

Deno.test("every shipped example config parses and validates", async () => {
  const dir = new URL("../../config/", import.meta.url);
  let count = 0;
  for await (const file of Deno.readDir(dir)) {
    if (!file.name.endsWith(".toml")) continue;
    const config = parseConfig(await Deno.readTextFile(new URL(file.name, dir)), file.name);
    assert.ok(config.routes.length > 0, file.name);
    count++;
  }
  assert.ok(count >= 4, "the example configs are all found");
});
