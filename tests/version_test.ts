import assert from "node:assert/strict";
import { VERSION } from "../lib/version.ts";

Deno.test("lib/version.ts matches deno.json and package.json", async () => {
  const deno = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  const pkg = JSON.parse(await Deno.readTextFile(new URL("../package.json", import.meta.url)));
  assert.equal(VERSION, deno.version);
  assert.equal(VERSION, pkg.version);
});
