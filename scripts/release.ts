/**
 * `deno task release`: everything a release ships, in dist/release/:
 * single binaries for linux x64/arm64, macOS x64/arm64 and Windows x64 (`bun build --compile`
 * cross-compiles offline), the `deno bundle` file for `deno run <url>`, and SHA256SUMS; then
 * `deno publish --dry-run` checks the JSR package.
 *
 *   deno task release                 all targets
 *   deno task release --host          this machine's target only (what CI runs)
 *   deno task build                   just ./dist/ferryllm for this machine
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  buildStamp,
  compileBinary,
  hostTarget,
  installRuntimePackages,
  ROOT,
  sh,
  sha256sums,
  TARGETS,
} from "./build_steps.ts";
import { urlSafeBundle } from "./url_safe_bundle.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    host: { type: "boolean" },
    "host-only": { type: "boolean" },
    "skip-publish": { type: "boolean" },
  },
});

const stamp = await buildStamp();
await installRuntimePackages();

if (values["host-only"]) {
  // `deno task build`: one binary, the name the README uses.
  await compileBinary(hostTarget(), `${ROOT}/dist/ferryllm`, stamp);
  console.log(
    `built dist/ferryllm${hostTarget().exe ? ".exe" : ""} (${stamp.version}, ${stamp.commit})`,
  );
  Deno.exit(0);
}

const out = `${ROOT}/dist/release`;
await Deno.remove(out, { recursive: true }).catch(() => {});
await Deno.mkdir(out, { recursive: true });
const artifacts: string[] = [];
for (const target of values.host ? [hostTarget()] : TARGETS) {
  const file = `${out}/ferryllm-${stamp.version}-${target.name}${target.exe ? ".exe" : ""}`;
  await compileBinary(target, file, stamp);
  artifacts.push(file);
}

// The bundle: `deno run -A --unstable-no-legacy-abort https://…/ferryllm-<version>.js serve`. The stamp is declared in
// front, where lib/build_info.ts finds it.
const bundle = `${out}/ferryllm-${stamp.version}.js`;
await sh(Deno.execPath(), [
  "bundle",
  "--quiet",
  "--config",
  "deno.runtime.json",
  "main.ts",
  "--output",
  bundle,
]);
const code = urlSafeBundle(await Deno.readTextFile(bundle));
const shebang = code.startsWith("#!") ? code.slice(0, code.indexOf("\n") + 1) : "";
const declarations = `var FERRYLLM_COMMIT = ${JSON.stringify(stamp.commit)};\n` +
  `var FERRYLLM_BUILD_DATE = ${JSON.stringify(stamp.date)};\n`;
await Deno.writeTextFile(bundle, shebang + declarations + code.slice(shebang.length));
artifacts.push(bundle);

await Deno.writeTextFile(`${out}/SHA256SUMS`, sha256sums(artifacts));
console.log(`wrote dist/release/SHA256SUMS for ${artifacts.length} files`);

if (!values["skip-publish"]) {
  await sh(Deno.execPath(), ["publish", "--dry-run", "--allow-dirty"]);
  console.log("deno publish --dry-run: ok");
}
console.log(`release ${stamp.version} (${stamp.commit}, ${stamp.date}) in dist/release/`);
