/**
 * `deno task start` runs with `deno.runtime.json`, which maps only the packages the gateway
 * imports, with its own lockfile: Deno installs every package a config or lockfile names, so
 * the test-only SDKs (openai, @anthropic-ai/sdk, @google/genai, fast-check, yaml) must stay out
 * of both, or a first run downloads 140 MB and shows a build-script warning.
 */
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);
const readJson = async (path: string) => JSON.parse(await Deno.readTextFile(new URL(path, root)));

/**
 * The dashboard's browser sources: bundled at build time into lib/dashboard/assets.generated.ts
 * (a plain string module), so their packages (preact, htm, uplot) are never imported at run time.
 */
const BROWSER_SOURCES = new URL("lib/dashboard/web/", root).pathname;

/** Bare package specifiers imported by main.ts and lib/ (relative and node: imports skipped). */
async function runtimeImports(): Promise<Set<string>> {
  const found = new Set<string>();
  const files = [new URL("main.ts", root).pathname, ...await walk(new URL("lib/", root).pathname)];
  for (const file of files.filter((f) => f.endsWith(".ts") && !f.startsWith(BROWSER_SOURCES))) {
    const text = await Deno.readTextFile(file);
    for (
      const match of text.matchAll(
        /^(?:import|export)[^;]*?(?:from\s+|import\(\s*)"([^".][^"]*)"|\bimport\(\s*"([^".][^"]*)"\)/gm,
      )
    ) {
      const spec = match[1] ?? match[2];
      if (spec.startsWith("node:") || spec.startsWith("npm:")) continue;
      const name = spec.startsWith("@")
        ? spec.split("/").slice(0, 2).join("/")
        : spec.split("/")[0];
      found.add(name);
    }
  }
  return found;
}

Deno.test("deno.runtime.json maps every package the gateway imports, as deno.json does", async () => {
  const dev = (await readJson("deno.json")).imports;
  const runtime = (await readJson("deno.runtime.json")).imports;
  for (const name of await runtimeImports()) {
    assert.ok(name in runtime, `lib/ imports "${name}": add it to deno.runtime.json's imports`);
  }
  for (const [name, specifier] of Object.entries(runtime)) {
    assert.equal(dev[name], specifier, `deno.json and deno.runtime.json disagree on ${name}`);
  }
});

Deno.test("test-only packages stay out of deno.runtime.json and its lockfile", async () => {
  const runtime = (await readJson("deno.runtime.json")).imports;
  const lock = await Deno.readTextFile(new URL("deno.runtime.lock", root));
  const used = await runtimeImports();
  for (const name of Object.keys((await readJson("deno.json")).imports)) {
    if (used.has(name)) continue;
    assert.ok(
      !(name in runtime),
      `${name} is not imported by lib/: keep it out of deno.runtime.json`,
    );
    assert.ok(!lock.includes(`"npm:${name}@`), `deno.runtime.lock names ${name}`);
  }
  const tasks = (await readJson("deno.json")).tasks;
  assert.match(tasks.start, /--config deno\.runtime\.json/);
});

/** The files under a directory, recursively (bounded: at most 10,000). */
async function walk(dir: string): Promise<string[]> {
  const files: string[] = [];
  const pending = [dir];
  while (pending.length > 0 && files.length < 10_000) {
    const current = pending.pop()!;
    for await (const entry of Deno.readDir(current)) {
      const path = `${current.replace(/\/$/, "")}/${entry.name}`;
      if (entry.isDirectory) pending.push(path);
      else if (entry.isFile) files.push(path);
    }
  }
  return files;
}
