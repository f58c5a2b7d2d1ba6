import assert from "node:assert/strict";
import { describe, firstViolation, importSites, violation } from "./import_rule.ts";

async function protocolSources(dir = "lib/protocols"): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) {
      for (const [p, s] of await protocolSources(path)) files.set(p, s);
    } else if (path.endsWith(".ts")) files.set(path, await Deno.readTextFile(path));
  }
  return files;
}

Deno.test("lib/protocols imports only ir/, json/, streaming/, its own folder and the contracts", async () => {
  const files = await protocolSources();
  assert.ok(files.size > 50, `read ${files.size} files`);
  const found = firstViolation(files);
  assert.equal(found && describe(found), undefined);
});

Deno.test("the import rule names the first cross-protocol import by file and specifier", () => {
  const files = new Map([
    ["lib/protocols/gemini/wire.ts", 'import { isObject } from "../../json/fields.ts";\n'],
    [
      "lib/protocols/gemini/upstream/encode_request.ts",
      'import type { X } from "../wire.ts";\nimport { encodeOpenAIUsage } from "../../openai/usage.ts";\n' +
      'import { later } from "../../anthropic/usage.ts";\n',
    ],
  ]);
  const found = firstViolation(files);
  assert.ok(found);
  assert.equal(found.file, "lib/protocols/gemini/upstream/encode_request.ts");
  assert.equal(found.specifier, "../../openai/usage.ts");
  assert.match(
    describe(found),
    /gemini\/upstream\/encode_request\.ts imports "\.\.\/\.\.\/openai\/usage\.ts".*another protocol \(openai\)/,
  );
});

Deno.test("the import rule rejects server/, policy/ and value imports of config/ in a contract", () => {
  const check = (file: string, line: string) => {
    const [site] = importSites(file, line);
    return violation(site)?.target;
  };
  assert.equal(
    check("lib/protocols/openai/client/mod.ts", 'import { x } from "../../../server/handler.ts";'),
    "lib/server/handler.ts",
  );
  assert.equal(
    check(
      "lib/protocols/openai/upstream/x.ts",
      'export { y } from "../../../policy/stable_hash.ts";',
    ),
    "lib/policy/stable_hash.ts",
  );
  assert.equal(
    check("lib/protocols/gemini/client/x.ts", 'const m = await import("../../../server/deps.ts");'),
    "lib/server/deps.ts",
  );
  assert.equal(
    check("lib/protocols/adapter.ts", 'import { load } from "../config/load.ts";'),
    "lib/config/load.ts",
  );
  assert.equal(
    check("lib/protocols/adapter.ts", 'import type { P } from "../config/load.ts";'),
    undefined,
  );
  assert.equal(
    check("lib/protocols/adapter.ts", 'import type { P } from "./gemini/wire.ts";'),
    "lib/protocols/gemini/wire.ts",
  );
  assert.equal(
    check("lib/protocols/registry.ts", 'import { x } from "./gemini/upstream/mod.ts";'),
    undefined,
  );
  assert.equal(
    check("lib/protocols/registry.ts", 'import { w } from "./gemini/wire.ts";'),
    "lib/protocols/gemini/wire.ts",
  );
  assert.equal(
    check("lib/protocols/entry.ts", 'import { x } from "./gemini/upstream/mod.ts";'),
    "lib/protocols/gemini/upstream/mod.ts",
  );
  // Allowed: shared folders, the own folder across sides, the root contracts, packages.
  assert.equal(
    check("lib/protocols/gemini/client/a.ts", 'import { w } from "../upstream/wire.ts";'),
    undefined,
  );
  assert.equal(
    check("lib/protocols/gemini/client/a.ts", 'import type { E } from "../../entry.ts";'),
    undefined,
  );
  assert.equal(check("lib/protocols/gemini/client/a.ts", 'import { z } from "zod";'), undefined);
  assert.equal(
    check(
      "lib/protocols/gemini/client/a.ts",
      'import { e } from "../../../streaming/sse_encode.ts";',
    ),
    undefined,
  );
});
