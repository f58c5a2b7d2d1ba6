/**
 * What every `ferryllm` command loads before it runs: the static import graph of main.ts, read
 * from `deno info --json`. Startup time and idle memory under `deno run` grow with it (each
 * package and each `node:` module costs time and megabytes), so what is needed only later is
 * imported where it is first used: the price table on the first priced request, the tokenizer
 * on the first count, Redis with a Redis store, the dashboard's browser code on the first
 * /ui/assets request, the load tester's engine when `loadtest` runs.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

interface Graph {
  /** Repository-relative paths of the local modules loaded at startup. */
  files: Set<string>;
  /** Package and `node:` specifiers those modules import statically. */
  packages: Set<string>;
}

interface InfoModule {
  specifier: string;
  dependencies?: { specifier: string; isDynamic?: boolean; code?: { specifier: string } }[];
}

async function startupGraph(): Promise<Graph> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "main.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout));
  const modules = new Map<string, InfoModule>(
    info.modules.map((m: InfoModule) => [m.specifier, m]),
  );
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending: string[] = [info.roots[0]];
  while (pending.length > 0) {
    const specifier = pending.pop()!;
    const path = specifier.replace(ROOT.href, "");
    if (files.has(path)) continue;
    files.add(path);
    for (const dep of modules.get(specifier)?.dependencies ?? []) {
      // Dynamic imports load on use; type-only imports have no `code` and load nothing.
      if (dep.isDynamic || !dep.code) continue;
      if (dep.specifier.startsWith(".")) pending.push(dep.code.specifier);
      else packages.add(dep.specifier);
    }
  }
  return { files, packages };
}

Deno.test("startup loads only the packages serving needs before its first request", async () => {
  const { files, packages } = await startupGraph();
  assert.ok(files.has("lib/server/handler.ts") && files.size > 100, `${files.size} files`);
  // zod (the config schema), smol-toml (the config file), logtape (logs, it imports node:util);
  // and the node: modules the CLI uses. node:url, node:crypto and the rest load on use.
  assert.deepEqual([...packages].sort(), [
    "@logtape/logtape",
    "node:fs",
    "node:path",
    "node:process",
    "node:util",
    "smol-toml",
    "zod",
  ]);
});

Deno.test("startup leaves the dashboard's browser code, Redis and the load tester for later", async () => {
  const { files } = await startupGraph();
  for (
    const lazy of [
      "lib/dashboard/assets.generated.ts",
      "lib/state/redis/redis_store.ts",
      "lib/cli/loadtest/run_loadtest.ts",
    ]
  ) {
    assert.ok((await Deno.stat(new URL(lazy, ROOT))).isFile, `${lazy} exists`);
    assert.ok(!files.has(lazy), `${lazy} is imported at startup`);
  }
});
